import type pg from 'pg';
import type { SecretValues } from '../core/text/secret-values.js';
import type { ArmedSignals } from '../scheduler/armed-signals.js';
import { type Db, openDatabase } from './database.js';
import { migratePostgres } from './postgres/migrate-postgres.js';
import { migrationsCurrent } from './postgres/migrations-current.js';
import { postgresArmedSignals } from './postgres/postgres-armed-signals.js';
import { createPostgresPool } from './postgres/postgres-pool.js';
import { PostgresRunner } from './postgres/postgres-runner.js';
import type { SqlRunner } from './sql/sql-runner.js';
import { SqliteRunner } from './sql/sqlite-runner.js';

/** What `/readyz` reports of the store: it answers, and its schema is the one this build migrates to. */
export interface StoreHealth {
  readonly ok: boolean;
  readonly detail?: string;
}

/**
 * The store one Shipgate process runs on: a SQLite file (the default, one process) or a PostgreSQL database shared
 * by every replica. Repositories are built on `runner`; `sqlite` is the file's handle (undefined on PostgreSQL),
 * for what only SQLite has (its gate, `shipgate backup`, tests that look into the file).
 */
export interface Store {
  readonly dialect: SqlRunner['dialect'];
  readonly runner: SqlRunner;
  readonly sqlite: Db | undefined;
  /** How the scheduler hears of timers other replicas arm (PostgreSQL's LISTEN); none on SQLite (one process). */
  readonly armedSignals: ArmedSignals | undefined;
  /** Where the data lives, for logs: the file's path, or the connection string without its password. */
  readonly location: string;
  /** The database answers a query and has every migration this build knows. */
  health(): Promise<StoreHealth>;
  close(): Promise<void>;
}

/** How to open the store. */
export interface StoreOptions {
  /** `postgres://…` (`SHIPGATE_DATABASE_URL`): selects PostgreSQL. */
  readonly databaseUrl?: string | undefined;
  /** The SQLite file (`SHIPGATE_DB`), used when there is no `databaseUrl`. */
  readonly dbPath: string;
  readonly secrets?: SecretValues;
  /** PostgreSQL connections per replica (`SHIPGATE_DATABASE_POOL`, default 10). */
  readonly poolSize?: number;
}

/**
 * Opens the store and brings its schema up to date: SQLite migrates the file in one transaction per step; on
 * PostgreSQL `migratePostgres` holds an advisory lock for the run, so replicas starting together migrate once and
 * the others wait, then find nothing to do.
 */
export async function openStore(options: StoreOptions): Promise<Store> {
  if (options.databaseUrl) return await openPostgresStore(options.databaseUrl, options);
  const db = openDatabase(options.dbPath, options.secrets ? { secrets: options.secrets } : {});
  return {
    dialect: 'sqlite',
    runner: new SqliteRunner(db),
    sqlite: db,
    armedSignals: undefined,
    location: options.dbPath,
    health: async () => {
      try {
        db.prepare('SELECT 1').get();
        return { ok: true };
      } catch (err) {
        return { ok: false, detail: message(err) };
      }
    },
    close: async () => {
      db.close();
    },
  };
}

async function openPostgresStore(url: string, options: StoreOptions): Promise<Store> {
  const pool = createPostgresPool(url, { max: options.poolSize ?? 10 });
  pool.on('error', () => undefined);
  try {
    await migratePostgres(pool);
  } catch (err) {
    await pool.end();
    throw err;
  }
  return {
    dialect: 'postgres',
    runner: new PostgresRunner(pool, options.secrets),
    sqlite: undefined,
    armedSignals: postgresArmedSignals(pool),
    location: withoutPassword(url),
    health: async () => await postgresHealth(pool),
    close: async () => {
      await pool.end();
    },
  };
}

/** How long `/readyz` waits for PostgreSQL before it calls the database unreachable. */
const HEALTH_TIMEOUT_MS = 3_000;

/** Reachability and the migration record, within {@link HEALTH_TIMEOUT_MS}. */
async function postgresHealth(pool: pg.Pool): Promise<StoreHealth> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${HEALTH_TIMEOUT_MS / 1000} s`)),
      HEALTH_TIMEOUT_MS,
    );
  });
  try {
    if (!(await Promise.race([migrationsCurrent(pool), late])))
      return { ok: false, detail: 'PostgreSQL schema is behind this build: migrations pending' };
    return { ok: true, detail: 'PostgreSQL' };
  } catch (err) {
    return { ok: false, detail: `PostgreSQL: ${message(err)}` };
  } finally {
    clearTimeout(timer);
  }
}

/** `url` with its password replaced, for logs and output. */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '****';
    return parsed.toString();
  } catch {
    return '(a PostgreSQL connection string)';
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
