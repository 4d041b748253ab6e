import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { prependEntry } from '../../../src/cli/changelog.js';
import { createTestRepo, type TestRepo } from '../../support/git-repo.js';

const run = promisify(execFile);

let dir: string;
let repo: TestRepo;

/** Runs the real CLI; resolves with its exit code and output. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [resolve('src/bin.js'), 'changelog', ...args], {
      timeout: 30_000,
      env: { ...process.env, SHIPGATE_CONFIG: join(dir, 'shipgate.yml') },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'shipgate-cli-'));
  const config = parse(readFileSync('config/shipgate.example.yml', 'utf8'));
  config.environments_dir = resolve('config/environments');
  config.readiness.checklist = resolve('config/readiness-checklist.yml');
  config.services.checkout.repository = { path: 'checkout-repo', tag_prefix: 'v' };
  writeFileSync(join(dir, 'shipgate.yml'), stringify(config));
  repo = createTestRepo(join(dir, 'checkout-repo'));
  repo.commit('chore: init');
  repo.tag('v1.0.0');
  repo.commit('feat: export (#3)\n\nMigration: yes');
  repo.commit('fix: timeout');
  repo.tag('v1.1.0');
});

describe('shipgate changelog', () => {
  it('prints the 4.4 entry of a range and exits 0', async () => {
    const out = await cli('checkout', '1.0.0..1.1.0', '--date', '2026-11-24');
    expect(out.code).toBe(0);
    expect(out.stdout).toBe(
      [
        '## [1.1.0] - 2026-11-24',
        '',
        '### Added',
        '- Export (#3)',
        '',
        '### Fixed',
        '- Timeout',
        '',
        '### Deployment Notes',
        '- Database migration required: YES',
        '- Backward compatible: YES',
        '- Rollback procedure: Standard (see runbook)',
        '',
      ].join('\n'),
    );
  });

  it('prepends to CHANGELOG.md once and refuses the same version twice', async () => {
    writeFileSync(join(repo.dir, 'CHANGELOG.md'), '# Changelog\n\n## [1.0.0] - 2026-01-01\n\n- first\n');
    const first = await cli('checkout', 'v1.0.0..v1.1.0', '--write-changelog', '--date', '2026-11-24');
    expect(first.code).toBe(0);
    const text = readFileSync(join(repo.dir, 'CHANGELOG.md'), 'utf8');
    expect(text.startsWith('# Changelog\n\n## [1.1.0] - 2026-11-24\n')).toBe(true);
    expect(text).toContain('## [1.0.0] - 2026-01-01');
    const again = await cli('checkout', '1.0.0..1.1.0', '--write-changelog');
    expect(again).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('already has an entry for 1.1.0'),
    });
  });

  it('exits 1 with a clear message for bad input', async () => {
    expect(await cli('checkout', '1.0.0')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('expected a range'),
    });
    expect(await cli('checkout', '1.0.0..9.9.9')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('unknown version 9.9.9'),
    });
    expect(await cli('nosuch', '1.0.0..1.1.0')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('unknown service'),
    });
    expect(await cli('payments', '1.0.0..1.1.0')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('no repository'),
    });
  });
});

describe('prependEntry', () => {
  it('creates the file with a heading, or puts the entry first when there is none', () => {
    expect(prependEntry(undefined, '## [1.0.0] - x\n')).toBe('# Changelog\n\n## [1.0.0] - x\n');
    expect(prependEntry('## [0.9.0] - y\n', '## [1.0.0] - x\n')).toBe('## [1.0.0] - x\n\n## [0.9.0] - y\n');
  });
});
