import pg, { type ClientBase } from 'pg';
import { postgresMigrations } from './postgres-migrations.js';
import { postgresSideOf, type SchemaStep } from './schema-step.js';

/** A PostgreSQL pool (a client is taken from it for the run) or one connected client. */
export type PostgresTarget = pg.Pool | ClientBase;

/**
 * The `pg_advisory_lock` key every migration run holds: the bytes of "shipgate" in ASCII read as one bigint, so
 * replicas of any version agree on it without configuration.
 */
export const MIGRATION_LOCK_KEY = 0x7368697067617465n;

/** The table that records each applied step (PostgreSQL's counterpart of SQLite's `user_version`). */
const CREATE_RECORD = `
  CREATE TABLE IF NOT EXISTS shipgate_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
  )`;

/** Options for {@link migratePostgres}; the defaults are what production runs. */
export interface MigratePostgresOptions {
  /** The steps, oldest first (step N is version N): tests pass their own. */
  readonly steps?: readonly SchemaStep[];
  /** The advisory lock key held for the run. */
  readonly lockKey?: bigint;
}

/** What one run did: the versions it applied (in order) and the highest version recorded when it finished. */
export interface PostgresMigrationResult {
  readonly applied: readonly number[];
  readonly version: number;
}

/**
 * Applies every step not yet recorded in `shipgate_migrations` (created if missing) to the schema the
 * connection's `search_path` names. The whole run holds `pg_advisory_lock(MIGRATION_LOCK_KEY)` on one session,
 * so replicas starting together migrate once: the second waits, then finds nothing to do. Each step runs in its
 * own transaction together with its record, so a failed step leaves neither a half-applied schema nor a record,
 * and a later run retries it. The record is inserted first (ON CONFLICT DO NOTHING), so even a run holding
 * another lock key never applies a step twice.
 */
export async function migratePostgres(
  db: PostgresTarget,
  options: MigratePostgresOptions = {},
): Promise<PostgresMigrationResult> {
  const steps = options.steps ?? postgresMigrations;
  const key = (options.lockKey ?? MIGRATION_LOCK_KEY).toString();
  const pooled = db instanceof pg.Pool;
  const client = pooled ? await db.connect() : db;
  let broken = false;
  try {
    await client.query('SELECT pg_advisory_lock($1::bigint)', [key]);
    let result: PostgresMigrationResult;
    try {
      result = await applyPending(client, steps);
    } catch (err) {
      await client.query('SELECT pg_advisory_unlock($1::bigint)', [key]).catch(() => undefined);
      throw err;
    }
    await client.query('SELECT pg_advisory_unlock($1::bigint)', [key]);
    return result;
  } catch (err) {
    broken = true;
    throw err;
  } finally {
    // A client that failed is discarded rather than returned to the pool: closing it ends its session and so
    // releases the advisory lock even if the unlock itself could not be sent.
    if (pooled) (client as pg.PoolClient).release(broken);
  }
}

/** Runs each step of `steps` not yet recorded, each in its own transaction; the caller holds the lock. */
async function applyPending(
  client: ClientBase,
  steps: readonly SchemaStep[],
): Promise<PostgresMigrationResult> {
  await client.query(CREATE_RECORD);
  const applied: number[] = [];
  for (const [index, step] of steps.entries()) {
    const version = index + 1;
    if (await applyStep(client, version, step)) applied.push(version);
  }
  const { rows } = await client.query<{ version: number | null }>(
    'SELECT max(version) AS version FROM shipgate_migrations',
  );
  return { applied, version: rows[0]?.version ?? 0 };
}

/** Applies `step` as `version` in one transaction, unless it is already recorded; true when it applied it. */
async function applyStep(client: ClientBase, version: number, step: SchemaStep): Promise<boolean> {
  await client.query('BEGIN');
  try {
    const recorded = await client.query(
      'INSERT INTO shipgate_migrations (version, name) VALUES ($1, $2) ON CONFLICT (version) DO NOTHING',
      [version, step.name],
    );
    if (recorded.rowCount === 0) {
      await client.query('ROLLBACK');
      return false;
    }
    const side = postgresSideOf(step);
    if (typeof side === 'string') await client.query(side);
    else await side(client);
    await client.query('COMMIT');
    return true;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
