import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { Command } from 'commander';
import { sandboxDatabase, sandboxFiles } from '../sandbox-database.js';
import { sandboxStateFile } from './say.js';

/** Whether a sandbox started from these files still answers (its Shipgate's `/healthz`). */
async function sandboxRunning(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const file = sandboxStateFile(env);
  if (!existsSync(file)) return undefined;
  try {
    const { shipgate } = JSON.parse(readFileSync(file, 'utf8')) as { shipgate?: string };
    if (!shipgate) return undefined;
    const res = await fetch(`${shipgate}/healthz`, { signal: AbortSignal.timeout(1000) });
    return res.ok ? shipgate : undefined;
  } catch {
    return undefined;
  }
}

/** What `sandbox reset` did: the files removed, or why it did nothing; the exit code (0, 1 refused, 2 usage). */
export interface ResetOutcome {
  readonly exitCode: 0 | 1;
  readonly output: string;
}

/**
 * Clears the sandbox's story: its database (with the WAL files) and `sandbox.json`. Refuses while a sandbox on those
 * files is running, and asks first unless `yes` (a terminal that cannot be asked — not a TTY — needs `--yes`).
 */
export async function resetSandbox(
  env: NodeJS.ProcessEnv,
  options: { yes: boolean; ask?: (question: string) => Promise<string> },
): Promise<ResetOutcome> {
  const db = sandboxDatabase(env);
  const running = await sandboxRunning(env);
  if (running)
    return {
      exitCode: 1,
      output: `The sandbox is running (${running}); stop it first (Ctrl-C in its terminal).`,
    };
  const present = sandboxFiles(env).filter((f) => existsSync(f));
  if (present.length === 0) return { exitCode: 0, output: `Nothing to reset: ${db} does not exist.` };
  if (!options.yes) {
    if (!options.ask)
      return {
        exitCode: 1,
        output: `Not a terminal, so nothing was asked or removed: add --yes to clear ${db}.`,
      };
    const answer = await options.ask(`Clear the sandbox's deploys, incidents and messages in ${db}? [y/N] `);
    if (!/^y(es)?$/i.test(answer.trim())) return { exitCode: 1, output: 'Nothing was removed.' };
  }
  for (const file of present) rmSync(file, { force: true });
  return { exitCode: 0, output: `Removed ${present.join(', ')}. The next npm start begins a new story.` };
}

/** `npx shipgate sandbox reset [--yes]`. */
export function sandboxCliCommand(): Command {
  const sandbox = new Command('sandbox').description('the local sandbox (npm start without Slack tokens)');
  sandbox
    .command('reset')
    .description("clear the sandbox's database and state (asks first)")
    .option('--yes', 'do not ask')
    .action(async (opts: { yes?: boolean }) => {
      const rl = process.stdin.isTTY
        ? createInterface({ input: process.stdin, output: process.stdout })
        : undefined;
      try {
        const outcome = await resetSandbox(process.env, {
          yes: opts.yes === true,
          ...(rl ? { ask: (q: string) => rl.question(q) } : {}),
        });
        process.stdout.write(`${outcome.output}\n`);
        process.exitCode = outcome.exitCode;
      } finally {
        rl?.close();
      }
    });
  return sandbox;
}
