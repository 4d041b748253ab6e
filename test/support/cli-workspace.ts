import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The repository this test runs in (where `src/bin.js` and `config/` are). */
export const REPO = resolve(import.meta.dirname, '../..');

/** What one `npx shipgate …` run printed and exited with. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A temp folder holding a copy of the repository's `config/`, where `npx shipgate` is run as in a project. */
export function cliWorkspace(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `shipgate-${prefix}-`));
  cpSync(join(REPO, 'config'), join(dir, 'config'), { recursive: true });
  return dir;
}

/**
 * Runs the real CLI (`node src/bin.js …`) as a child process in `cwd`, with only PATH and HOME from this process and
 * `SHIPGATE_DB` inside `cwd` (so no `SHIPGATE_CONFIG` or database of the machine leaks in), plus `env`.
 */
export function runCli(cwd: string, args: readonly string[], env: Record<string, string> = {}): CliRun {
  const run = spawnSync(process.execPath, [join(REPO, 'src/bin.js'), ...args], {
    cwd,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      SHIPGATE_DB: 'data/shipgate.db',
      ...env,
    },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}
