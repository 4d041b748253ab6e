import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '../../../src/core/audit/canonical-event.js';
import { type Db, openDatabase } from '../../../src/store/database.js';
import { eventHash } from '../../../src/store/event-hash.js';
import { migratePostgres } from '../../../src/store/postgres/migrate-postgres.js';
import { type FreshSchema, freshSchema, missingPostgres } from '../../support/postgres.js';
import { tempDbPath } from '../../support/test-shipgate.js';

/** What one statement did to the chain head: where the head is after it, or the message it was refused with. */
type Outcome = { head: { last_id: string; hash: string } } | { refused: string };

/** Either store, driven by the same SQL text. */
interface Store {
  run(sql: string): Promise<void>;
  head(): Promise<{ last_id: string; hash: string }[]>;
}

/** One event as its stored row, chained to `prevHash` with the hash the append would give it. */
function eventRow(id: number, prevHash: string) {
  const fields = {
    id,
    at: new Date(Date.UTC(2026, 10, 24, 10, id)).toISOString(),
    actor: 'U0BOB',
    actorKind: 'human',
    subject: 'DEP-2026-0001',
    type: 'deploy.note',
    payload: `{"n":${id}}`,
    prevHash,
  };
  return { ...fields, hash: eventHash(fields) };
}

/** The INSERT both stores take for `row`, `hash` replaced when given (e.g. by NULL). */
function insertSql(row: ReturnType<typeof eventRow>, hash = `'${row.hash}'`): string {
  return `INSERT INTO events (id, at, actor, actor_kind, subject, type, payload, prev_hash, hash)
    VALUES (${row.id}, '${row.at}', '${row.actor}', '${row.actorKind}', '${row.subject}', '${row.type}',
            '${row.payload}', '${row.prevHash}', ${hash})`;
}

/** Runs `sql` on `store` and says what became of the head. */
async function outcome(store: Store, sql: string): Promise<Outcome> {
  try {
    await store.run(sql);
  } catch (err) {
    const message = (err as Error).message;
    return { refused: /not.null/i.test(message) ? 'NOT NULL events_head.hash' : message };
  }
  const [head] = await store.head();
  if (head === undefined) throw new Error('no head row');
  return { head };
}

describe.skipIf(missingPostgres())('the PostgreSQL events triggers', () => {
  let schema: FreshSchema;
  let pool: pg.Pool;
  let path: string;
  let sqlite: Db;
  let postgresStore: Store;
  let sqliteStore: Store;

  beforeAll(async () => {
    schema = await freshSchema('events');
    pool = schema.pool();
    postgresStore = {
      run: async (sql) => {
        await pool.query(sql);
      },
      head: async () =>
        (await pool.query<{ last_id: string; hash: string }>('SELECT last_id::text, hash FROM events_head'))
          .rows,
    };
  });
  beforeEach(async () => {
    await schema.reset();
    await migratePostgres(pool);
    path = tempDbPath('shipgate-pg-triggers-');
    sqlite = openDatabase(path);
    sqliteStore = {
      run: async (sql) => {
        sqlite.exec(sql);
      },
      head: async () =>
        sqlite.prepare('SELECT CAST(last_id AS TEXT) AS last_id, hash FROM events_head').all() as {
          last_id: string;
          hash: string;
        }[],
    };
  });
  afterEach(() => {
    sqlite.close();
    rmSync(dirname(path), { recursive: true, force: true });
  });
  afterAll(() => schema?.drop());

  it('keep events append-only: UPDATE, DELETE and TRUNCATE are refused and the row stays as written', async () => {
    const first = eventRow(1, GENESIS_HASH);
    await pool.query(insertSql(first));
    await expect(pool.query("UPDATE events SET payload = '{}' WHERE id = 1")).rejects.toThrow(
      'events are append-only',
    );
    await expect(pool.query('DELETE FROM events WHERE id = 1')).rejects.toThrow('events are append-only');
    await expect(pool.query('TRUNCATE events')).rejects.toThrow('events are append-only');
    await expect(pool.query('TRUNCATE events_head')).rejects.toThrow('the events head is never deleted');
    const { rows } = await pool.query('SELECT id::int, payload, hash FROM events');
    expect(rows).toEqual([{ id: 1, payload: first.payload, hash: first.hash }]);
  });

  it('move the chain head exactly as SQLite does, refusing what SQLite refuses', async () => {
    const one = eventRow(1, GENESIS_HASH);
    const two = eventRow(2, one.hash);
    const five = eventRow(5, two.hash);
    const three = eventRow(3, five.hash);
    const six = eventRow(6, five.hash);
    const script: [string, Outcome][] = [
      [insertSql(one), { head: { last_id: '1', hash: one.hash } }],
      [insertSql(two), { head: { last_id: '2', hash: two.hash } }],
      [insertSql(five), { head: { last_id: '5', hash: five.hash } }],
      [insertSql(three), { refused: 'the events head only moves forward' }],
      [insertSql(six, 'NULL'), { refused: 'NOT NULL events_head.hash' }],
      ['UPDATE events_head SET last_id = 4', { refused: 'the events head only moves forward' }],
      ['UPDATE events_head SET last_id = 5', { refused: 'the events head only moves forward' }],
      ['DELETE FROM events_head', { refused: 'the events head is never deleted' }],
      [insertSql(six), { head: { last_id: '6', hash: six.hash } }],
    ];
    const genesis = { head: { last_id: '0', hash: GENESIS_HASH } };
    expect(await outcome(sqliteStore, 'SELECT 1')).toEqual(genesis);
    expect(await outcome(postgresStore, 'SELECT 1')).toEqual(genesis);
    for (const [sql, expected] of script) {
      const onSqlite = await outcome(sqliteStore, sql);
      const onPostgres = await outcome(postgresStore, sql);
      expect({ sql, onSqlite }).toEqual({ sql, onSqlite: expected });
      expect({ sql, onPostgres }).toEqual({ sql, onPostgres: onSqlite });
    }
    const ids = async (store: 'sqlite' | 'postgres') =>
      store === 'sqlite'
        ? sqlite.prepare('SELECT id FROM events ORDER BY id').pluck().all()
        : (await pool.query<{ id: number }>('SELECT id::int FROM events ORDER BY id')).rows.map((r) => r.id);
    expect(await ids('postgres')).toEqual([1, 2, 5, 6]);
    expect(await ids('postgres')).toEqual(await ids('sqlite'));
  });

  it('move the head of their own schema whatever search_path the inserting session has', async () => {
    const elsewhere = await schema.client();
    await elsewhere.query('SET search_path TO pg_catalog');
    const row = eventRow(1, GENESIS_HASH);
    await elsewhere.query(insertSql(row).replace('INSERT INTO events', `INSERT INTO ${schema.name}.events`));
    expect((await postgresStore.head())[0]).toEqual({ last_id: '1', hash: row.hash });
  });

  it('keep the CHECKs: actor kinds, one head row, one agent switch that is 0 or 1', async () => {
    const row = eventRow(1, GENESIS_HASH);
    await expect(pool.query(insertSql({ ...row, actorKind: 'robot' }))).rejects.toThrow(
      /events_actor_kind_check/,
    );
    await pool.query(insertSql({ ...row, actor: 'shipgate', actorKind: 'shipgate' }));
    await expect(
      pool.query(`INSERT INTO events_head (one, last_id, hash) VALUES (2, 9, 'x')`),
    ).rejects.toThrow(/events_head_one_check/);
    await expect(pool.query('INSERT INTO agent_switch (id, suspended) VALUES (2, 0)')).rejects.toThrow(
      /agent_switch_id_check/,
    );
    await expect(pool.query('UPDATE agent_switch SET suspended = 2')).rejects.toThrow(
      /agent_switch_suspended_check/,
    );
    await pool.query('UPDATE agent_switch SET suspended = 1');
    expect((await pool.query('SELECT id, suspended FROM agent_switch')).rows).toEqual([
      { id: 1, suspended: 1 },
    ]);
  });
});
