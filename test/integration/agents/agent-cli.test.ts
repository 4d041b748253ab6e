import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashAgentToken } from '../../../src/services/agents/agent-tokens.js';

const run = promisify(execFile);

let dir: string;
let dbPath: string;

/** Runs the real CLI (`node src/bin.js agent …`) on this file's database; resolves with its exit code and output. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [resolve('src/bin.js'), 'agent', ...args], {
      timeout: 30_000,
      // SHIPGATE_DATABASE_URL emptied: set in this shell, it would take the CLI to PostgreSQL instead of this file.
      env: { ...process.env, SHIPGATE_DB: dbPath, SHIPGATE_DATABASE_URL: '', USER: 'tester' },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Every byte of the database and its WAL, as text. */
function databaseBytes(): string {
  return readdirSync(dir)
    .filter((f) => f.startsWith('shipgate.db'))
    .map((f) => readFileSync(join(dir, f)).toString('latin1'))
    .join('\n');
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'shipgate-agent-cli-'));
  dbPath = join(dir, 'shipgate.db');
});

describe('shipgate agent', () => {
  let token = '';

  it('add prints the token once, alone on stdout, explains it on stderr, and stores only its hash', async () => {
    const out = await cli(
      'add',
      'ci-bot',
      '--scopes',
      'read,recommend',
      '--channels',
      'C0SECRET',
      '--by',
      'U0ALICE',
    );
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^sgp_[A-Za-z0-9_-]{43}\n$/);
    token = out.stdout.trim();
    expect(out.stderr).toContain('Added agent ci-bot with the scopes read, recommend');
    expect(out.stderr).toContain('shown this once');
    expect(out.stderr).not.toContain(token);
    const db = new Database(dbPath, { readonly: true });
    try {
      expect(
        db.prepare('SELECT name, token_hash, scopes, channels, created_by FROM agent_tokens').all(),
      ).toEqual([
        {
          name: 'ci-bot',
          token_hash: hashAgentToken(token),
          scopes: '["read","recommend"]',
          channels: '["C0SECRET"]',
          created_by: 'U0ALICE',
        },
      ]);
      expect(db.prepare("SELECT actor, type FROM events WHERE subject = 'agent:ci-bot'").all()).toEqual([
        { actor: 'U0ALICE', type: 'agent.added' },
      ]);
    } finally {
      db.close();
    }
    expect(databaseBytes()).not.toContain(token.slice(4));
  });

  it('list shows every token without the token itself', async () => {
    const added = await cli('add', 'watcher');
    expect(added.code).toBe(0);
    const out = await cli('list');
    expect(out.code).toBe(0);
    const lines = out.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+SCOPES\s+CHANNELS\s+CREATED\s+LAST USED\s+REVOKED$/);
    expect(lines[1]).toMatch(/^ci-bot\s+read,recommend\s+C0SECRET\s+\S+Z by U0ALICE\s+never\s+-$/);
    expect(lines[2]).toMatch(/^watcher\s+read,recommend,annotate,alert\s+-\s+\S+Z by cli:\S+\s+never\s+-$/);
    expect(out.stdout).not.toContain(token);
    expect(out.stdout).not.toContain(added.stdout.trim());
  });

  it('refuses a taken name with 1, and bad usage with 2', async () => {
    expect(await cli('add', 'ci-bot')).toMatchObject({
      code: 1,
      stdout: '',
      stderr: expect.stringContaining('exists already'),
    });
    expect(await cli('add', 'CI Bot')).toMatchObject({ code: 2, stdout: '' });
    expect(await cli('add', 'deployer', '--scopes', 'read,deploy')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('deploy'),
    });
    expect(await cli('add')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("missing required argument 'name'"),
    });
    expect(await cli('add', 'x', '--scope', 'read')).toMatchObject({ code: 2 });
  }, 60_000);

  it('revoke marks the token revoked once; an unknown or revoked agent is refused with 1', async () => {
    expect(await cli('revoke', 'ci-bot')).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('Revoked agent ci-bot'),
    });
    expect(await cli('revoke', 'ci-bot')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('revoked already'),
    });
    expect(await cli('revoke', 'nobody')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('no agent nobody'),
    });
    const listed = await cli('list');
    expect(listed.stdout.split('\n')[1]).toMatch(/^ci-bot\s.*\s\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('suspend and resume switch every token off and on, and list says so', async () => {
    expect(await cli('suspend', '--reason', 'runaway agent')).toMatchObject({ code: 0 });
    expect((await cli('list')).stdout).toMatch(/^Agents are SUSPENDED since \S+ by cli:\S+: runaway agent\n/);
    expect(await cli('resume')).toMatchObject({ code: 0 });
    expect(await cli('resume')).toMatchObject({ code: 1, stderr: expect.stringContaining('not suspended') });
  });
});
