import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openCliStore } from '../../../src/cli/open-cli-store.js';
import { openDatabase } from '../../../src/store/database.js';
import { migrations } from '../../../src/store/migrations.js';
import { rawStatement } from '../../../src/store/sql/statement.js';

const dir = () => mkdtempSync(join(tmpdir(), 'shipgate-cli-store-'));
const write = rawStatement(() => sql.raw("DELETE FROM agent_tokens WHERE name = 'nobody'"));

describe('openCliStore on SQLite (no SHIPGATE_DATABASE_URL)', () => {
  it('takes --db, else SHIPGATE_DB, else data/shipgate.db, relative to the working directory', async () => {
    const cwd = dir();
    openDatabase(join(cwd, 'data/shipgate.db')).close();
    openDatabase(join(cwd, 'other.db')).close();
    const where = async (db: string | undefined, env: NodeJS.ProcessEnv) => {
      const opening = await openCliStore({ db, env, cwd }, 'read');
      if (!opening.ok) return opening.reason;
      await opening.store.close();
      return `${opening.store.dialect} ${opening.store.location}`;
    };
    expect(await where(undefined, {})).toBe(`sqlite ${join(cwd, 'data/shipgate.db')}`);
    expect(await where(undefined, { SHIPGATE_DB: 'other.db' })).toBe(`sqlite ${join(cwd, 'other.db')}`);
    expect(await where('other.db', { SHIPGATE_DB: 'data/shipgate.db' })).toBe(
      `sqlite ${join(cwd, 'other.db')}`,
    );
  });

  it('says why there is nothing to read: no file, a file not yet migrated, a file that is not a database', async () => {
    const cwd = dir();
    const missing = join(cwd, 'none.db');
    expect(await openCliStore({ db: missing, env: {} }, 'read')).toEqual({
      ok: false,
      problem: 'missing',
      location: missing,
      reason: `no Shipgate database at ${missing} (set --db or SHIPGATE_DB)`,
    });
    expect(existsSync(missing)).toBe(false);
    const old = join(cwd, 'old.db');
    const legacy = new Database(old);
    legacy.pragma('user_version = 3');
    legacy.close();
    expect(await openCliStore({ db: old, env: {} }, 'read')).toMatchObject({
      ok: false,
      problem: 'behind',
      reason: `${old} is at schema version 3 of ${migrations.length}; start Shipgate once to migrate it`,
    });
    const text = join(cwd, 'text.db');
    writeFileSync(text, 'not a database, only text long enough to be read');
    const unreadable = await openCliStore({ db: text, env: {} }, 'read');
    expect(unreadable).toMatchObject({ ok: false, problem: 'unreadable' });
    expect(!unreadable.ok && unreadable.reason).toMatch(new RegExp(`^cannot read ${text}: `));
  });

  it('reads in a snapshot of a read-only handle, writes with write access, and makes the file only with create', async () => {
    const cwd = dir();
    const path = join(cwd, 'data/shipgate.db');
    expect(await openCliStore({ db: path, env: {} }, 'write')).toMatchObject({
      ok: false,
      problem: 'missing',
    });
    const created = await openCliStore({ db: path, env: {} }, 'create');
    if (!created.ok) throw new Error(created.reason);
    expect(await created.store.runner.run(write)).toBe(0);
    await created.store.close();

    const reader = await openCliStore({ db: path, env: {} }, 'read');
    if (!reader.ok) throw new Error(reader.reason);
    try {
      await expect(reader.store.read((runner) => runner.run(write))).rejects.toThrow(/readonly/);
    } finally {
      await reader.store.close();
    }
  });
});
