import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { resetSandbox } from '../../../src/cli/sandbox-reset.js';
import { sandboxDatabase } from '../../../src/sandbox-database.js';
import { openDatabase } from '../../../src/store/database.js';

const run = promisify(execFile);
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A sandbox directory with a database (and its WAL) and sandbox.json pointing at `shipgate`. */
function story(shipgate = 'http://127.0.0.1:9'): { dir: string; db: string; env: NodeJS.ProcessEnv } {
  const dir = mkdtempSync(join(tmpdir(), 'shipgate-sandbox-reset-'));
  const db = join(dir, 'sandbox.db');
  openDatabase(db).close();
  writeFileSync(join(dir, 'sandbox.json'), JSON.stringify({ url: 'http://127.0.0.1:9', shipgate }));
  return { dir, db, env: { SHIPGATE_SANDBOX_DB: db } };
}

async function cli(env: NodeJS.ProcessEnv, ...args: string[]) {
  try {
    const { stdout } = await run(process.execPath, [resolve('src/bin.js'), 'sandbox', 'reset', ...args], {
      timeout: 30_000,
      env: { ...process.env, SHIPGATE_DB: '', ...env },
    });
    return { code: 0, stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string };
    return { code: e.code, stdout: e.stdout };
  }
}

describe('npx shipgate sandbox reset', () => {
  it('keeps the sandbox on its own file: data/sandbox.db unless SHIPGATE_SANDBOX_DB or SHIPGATE_DB says otherwise', () => {
    expect(sandboxDatabase({})).toBe('data/sandbox.db');
    expect(sandboxDatabase({ SHIPGATE_DB: '/x/shipgate.db' })).toBe('/x/shipgate.db');
    expect(sandboxDatabase({ SHIPGATE_DB: '/x/shipgate.db', SHIPGATE_SANDBOX_DB: '/y/s.db' })).toBe(
      '/y/s.db',
    );
  });

  it('asks first, removes nothing without a yes, and clears the database and sandbox.json with one', async () => {
    const { db, dir, env } = story();
    expect(await resetSandbox(env, { yes: false, ask: async () => 'n' })).toMatchObject({ exitCode: 1 });
    expect(existsSync(db)).toBe(true);
    const asked: string[] = [];
    const done = await resetSandbox(env, {
      yes: false,
      ask: async (q) => {
        asked.push(q);
        return 'y';
      },
    });
    expect(asked[0]).toContain(db);
    expect(done.exitCode).toBe(0);
    expect(existsSync(db)).toBe(false);
    expect(existsSync(join(dir, 'sandbox.json'))).toBe(false);
  });

  it('refuses while the sandbox on those files is running', async () => {
    const server = createServer((_req, res) => res.end('{"status":"ok"}'));
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const { db, env } = story(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    const outcome = await resetSandbox(env, { yes: true });
    expect(outcome).toMatchObject({ exitCode: 1 });
    expect(outcome.output).toContain('stop it first');
    expect(existsSync(db)).toBe(true);
  });

  it('from the shell: without a terminal it needs --yes, with it the story is gone', async () => {
    const { db, env } = story();
    const refused = await cli(env);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('add --yes');
    expect(existsSync(db)).toBe(true);
    const cleared = await cli(env, '--yes');
    expect(cleared.code).toBe(0);
    expect(cleared.stdout).toContain('Removed');
    expect(existsSync(db)).toBe(false);
  });
});
