import type pg from 'pg';
import type { ClientBase } from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATION_LOCK_KEY, migratePostgres } from '../../../src/store/postgres/migrate-postgres.js';
import {
  migrationsCurrent,
  pendingPostgresMigrations,
} from '../../../src/store/postgres/migrations-current.js';
import { postgresMigrations } from '../../../src/store/postgres/postgres-migrations.js';
import type { SchemaStep } from '../../../src/store/postgres/schema-step.js';
import { type FreshSchema, freshSchema, missingPostgres } from '../../support/postgres.js';

/** The sessions (other than this one) waiting for the migration lock among `pids`. */
const WAITING = `
  SELECT count(*)::int AS n FROM pg_locks
  WHERE locktype = 'advisory' AND NOT granted AND pid = ANY($2::int[]) AND pid <> pg_backend_pid()
    AND classid::bigint = ($1::bigint >> 32) AND objid::bigint = ($1::bigint & 4294967295)`;

/** How many sessions named `$2` (application_name) hold the migration lock `$1`. */
const HELD = `
  SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
  WHERE l.locktype = 'advisory' AND l.granted AND a.application_name = $2
    AND l.classid::bigint = ($1::bigint >> 32) AND l.objid::bigint = ($1::bigint & 4294967295)`;

/**
 * A step that finishes only once another of `pids` is seen waiting for the migration lock: proof that the run
 * holding it keeps the other out for as long as it migrates. It gives up after 10 s (the test then fails).
 */
function waitForTheOther(pids: number[]): SchemaStep {
  return {
    name: 'wait for the other replica',
    sqlite: 'SELECT 1',
    postgres: async (client: ClientBase) => {
      for (let tries = 0; tries < 1000; tries++) {
        const { rows } = await client.query<{ n: number }>(WAITING, [MIGRATION_LOCK_KEY.toString(), pids]);
        if (rows[0]?.n === 1) return;
        await client.query('SELECT pg_sleep(0.01)');
      }
      throw new Error('the other replica never waited for the migration lock');
    },
  };
}

describe.skipIf(missingPostgres())('migratePostgres', () => {
  let schema: FreshSchema;
  let pool: pg.Pool;

  const recorded = async () =>
    (
      await pool.query<{ version: number; name: string }>(
        'SELECT version, name FROM shipgate_migrations ORDER BY 1',
      )
    ).rows;

  /** Every shipped step, as `shipgate_migrations` records it once all have run. */
  const shipped = postgresMigrations.map((step, index) => ({ version: index + 1, name: step.name }));
  const versions = shipped.map((step) => step.version);
  const latest = shipped.length;

  beforeAll(async () => {
    schema = await freshSchema('migrate');
    pool = schema.pool();
  });
  beforeEach(() => schema.reset());
  afterAll(() => schema?.drop());

  it('reports migrations not current before the first run and current after it (readiness)', async () => {
    expect(await migrationsCurrent(pool)).toBe(false);
    expect(await pendingPostgresMigrations(pool)).toEqual(versions);
    expect(await migratePostgres(pool)).toEqual({ applied: versions, version: latest });
    expect(await migrationsCurrent(pool)).toBe(true);
    expect(await pendingPostgresMigrations(pool)).toEqual([]);
    expect(await recorded()).toEqual(shipped);
  });

  it('does nothing on a database that is current', async () => {
    await migratePostgres(pool);
    expect(await migratePostgres(pool)).toEqual({ applied: [], version: latest });
    expect(await recorded()).toHaveLength(latest);
  });

  it('migrates once when two replicas start together: the second waits for the lock, then finds nothing to do', async () => {
    const first = await schema.client();
    const second = await schema.client();
    const pids = await Promise.all(
      [first, second].map(
        async (c) => (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid ?? 0,
      ),
    );
    const steps = [...postgresMigrations, waitForTheOther(pids)];
    const results = await Promise.all([
      migratePostgres(first, { steps }),
      migratePostgres(second, { steps }),
    ]);
    expect(results.map((r) => r.applied).sort()).toEqual([[], [...versions, latest + 1]]);
    expect(results.map((r) => r.version)).toEqual([latest + 1, latest + 1]);
    expect(await recorded()).toEqual([
      ...shipped,
      { version: latest + 1, name: 'wait for the other replica' },
    ]);
    expect((await pool.query('SELECT count(*)::int AS n FROM events_head')).rows).toEqual([{ n: 1 }]);
  });

  it('migrates once when two pools race with the real steps', async () => {
    const other = schema.pool();
    const results = await Promise.all([migratePostgres(pool), migratePostgres(other)]);
    expect(results.map((r) => r.applied).sort()).toEqual([[], versions]);
    expect(await recorded()).toEqual(shipped);
  });

  it('rolls a failed step back whole, records nothing for it, releases the lock, and retries it next run', async () => {
    const broken: SchemaStep = {
      name: 'add notes',
      sql: 'CREATE TABLE notes (id BIGINT); SELECT no_such_function()',
    };
    // A pool whose sessions are named, to see their locks: other test files migrate their own schemas meanwhile,
    // under the same database-wide lock key, so a try-lock from here could find one of them holding it.
    const application = `migrate_test_${process.pid}`;
    const named = schema.pool({ application_name: application, max: 2 });
    await expect(migratePostgres(named, { steps: [...postgresMigrations, broken] })).rejects.toThrow(
      /no_such_function/,
    );
    expect(await recorded()).toEqual(shipped);
    expect((await pool.query("SELECT to_regclass('notes') AS t")).rows).toEqual([{ t: null }]);
    const fixed: SchemaStep = { name: 'add notes', sql: 'CREATE TABLE notes (id BIGINT)' };
    expect(await migrationsCurrent(pool, [...postgresMigrations, fixed])).toBe(false);
    const held = await pool.query<{ n: number }>(HELD, [MIGRATION_LOCK_KEY.toString(), application]);
    expect(held.rows).toEqual([{ n: 0 }]);
    expect((await named.query('SELECT 1 AS up')).rows).toEqual([{ up: 1 }]);
    expect(await migratePostgres(pool, { steps: [...postgresMigrations, fixed] })).toEqual({
      applied: [latest + 1],
      version: latest + 1,
    });
    expect((await pool.query("SELECT to_regclass('notes')::text AS t")).rows).toEqual([{ t: 'notes' }]);
  });

  it('counts a database migrated further by a newer Shipgate as current', async () => {
    const newer: SchemaStep = { name: 'add notes', sql: 'CREATE TABLE notes (id BIGINT)' };
    await migratePostgres(pool, { steps: [...postgresMigrations, newer] });
    expect(await migrationsCurrent(pool)).toBe(true);
    expect(await migratePostgres(pool)).toEqual({ applied: [], version: latest + 1 });
  });
});
