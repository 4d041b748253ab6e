import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { readSecret, runtimeEnvSchema } from '../runtime-env.js';
import { openDatabase } from '../store/database.js';
import { migrations } from '../store/migrations.js';
import { withoutPassword } from '../store/open-store.js';
import { migratePostgres } from '../store/postgres/migrate-postgres.js';
import { pendingPostgresMigrations } from '../store/postgres/migrations-current.js';
import { postgresMigrations } from '../store/postgres/postgres-migrations.js';
import { createPostgresPool } from '../store/postgres/postgres-pool.js';
import { PostgresRunner } from '../store/postgres/postgres-runner.js';
import type { SqlRunner } from '../store/sql/sql-runner.js';
import { SqliteRunner } from '../store/sql/sqlite-runner.js';
import type { SqlDialect } from '../store/sql/statement.js';

/**
 * What a command does with the store: `read` (report, audit, readiness, generators) never changes it — SQLite opened
 * read-only, PostgreSQL read in a `READ ONLY` transaction — and needs it migrated to this build's schema already;
 * `write` (agent tokens) migrates it as Shipgate would and needs it to exist; `create` also makes it when it does not
 * (`agent add` may run before Shipgate ever started).
 */
export type CliStoreAccess = 'read' | 'write' | 'create';

/** Where a CLI command looks for the store, as its `--db` option and the runtime contract's variables say. */
export interface CliStoreWhere {
  /** The command's `--db <path>`: a SQLite file, which wins over `SHIPGATE_DATABASE_URL`. */
  readonly db?: string | undefined;
  readonly env: NodeJS.ProcessEnv;
  /** Relative paths are taken from here (default: the working directory). */
  readonly cwd?: string;
}

/** The store a CLI command opened: a SQLite file or the PostgreSQL database the replicas share. */
export interface CliStore {
  readonly dialect: SqlDialect;
  /** The file's absolute path, or the connection string without its password: what messages name. */
  readonly location: string;
  /** The repositories' runner (for `write` and `create`; readers go through {@link CliStore.read}). */
  readonly runner: SqlRunner;
  /** Runs `work` over one consistent, read-only snapshot of the store (`SqlRunner.snapshot`). */
  read<T>(work: (runner: SqlRunner) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Why there is no store to work on: none there yet, one an older schema than this build's, or none readable. */
export type CliStoreProblem = 'missing' | 'behind' | 'unreadable';

/** The store, or why it could not be opened (`reason` is a sentence naming `location`, for stderr). */
export type CliStoreOpening =
  | { readonly ok: true; readonly store: CliStore }
  | {
      readonly ok: false;
      readonly problem: CliStoreProblem;
      readonly location: string;
      readonly reason: string;
    };

/** How long a command waits for PostgreSQL to accept a connection before it gives up. */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Opens the store a CLI command works on, chosen as Shipgate chooses its own: `--db` names a SQLite file; else
 * `SHIPGATE_DATABASE_URL` (or the file `SHIPGATE_DATABASE_URL_FILE` names) selects PostgreSQL, as on every replica;
 * else the SQLite file `SHIPGATE_DB` (default `data/shipgate.db`). So an installation on PostgreSQL runs `shipgate
 * report`, `audit`, `agent`, `readiness` and the generators with the environment its replicas have. Never throws for
 * a missing, outdated or unreachable store: the opening says which, and the caller closes what it got.
 */
export async function openCliStore(where: CliStoreWhere, access: CliStoreAccess): Promise<CliStoreOpening> {
  const cwd = where.cwd ?? process.cwd();
  if (where.db === undefined) {
    let url: string | undefined;
    try {
      url = readSecret(where.env, 'SHIPGATE_DATABASE_URL')?.trim();
    } catch (err) {
      return failed(
        'unreadable',
        'SHIPGATE_DATABASE_URL_FILE',
        `cannot read SHIPGATE_DATABASE_URL_FILE: ${message(err)}`,
      );
    }
    if (url) return await openPostgres(url, access);
  }
  const path = resolve(
    cwd,
    where.db ?? runtimeEnvSchema.shape.SHIPGATE_DB.parse(where.env.SHIPGATE_DB?.trim() || undefined),
  );
  return openSqlite(path, access);
}

const failed = (problem: CliStoreProblem, location: string, reason: string): CliStoreOpening => ({
  ok: false,
  problem,
  location,
  reason,
});

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function openSqlite(path: string, access: CliStoreAccess): CliStoreOpening {
  if (access !== 'create' && !existsSync(path))
    return failed('missing', path, `no Shipgate database at ${path} (set --db or SHIPGATE_DB)`);
  let db: Database.Database | undefined;
  try {
    if (access === 'read') {
      db = new Database(path, { readonly: true, fileMustExist: true });
      db.pragma('busy_timeout = 5000');
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version < migrations.length) {
        db.close();
        return failed(
          'behind',
          path,
          `${path} is at schema version ${version} of ${migrations.length}; start Shipgate once to migrate it`,
        );
      }
    } else db = openDatabase(path);
  } catch (err) {
    db?.close();
    return failed('unreadable', path, `cannot read ${path}: ${message(err)}`);
  }
  const handle = db;
  const runner = new SqliteRunner(handle);
  return {
    ok: true,
    store: {
      dialect: 'sqlite',
      location: path,
      runner,
      read: (work) => runner.snapshot(() => work(runner)),
      close: async () => {
        handle.close();
      },
    },
  };
}

async function openPostgres(url: string, access: CliStoreAccess): Promise<CliStoreOpening> {
  const location = withoutPassword(url);
  if (!/^postgres(ql)?:\/\//.test(url))
    return failed(
      'unreadable',
      location,
      'SHIPGATE_DATABASE_URL must be a postgres:// or postgresql:// connection string',
    );
  const pool = createPostgresPool(url, { max: 2, connectTimeoutMs: CONNECT_TIMEOUT_MS });
  pool.on('error', () => undefined);
  const refuse = async (problem: CliStoreProblem, reason: string) => {
    await pool.end();
    return failed(problem, location, reason);
  };
  try {
    const pending = await pendingPostgresMigrations(pool);
    if (pending.length === postgresMigrations.length && access !== 'create')
      return await refuse(
        'missing',
        `no Shipgate database at ${location}: it has no Shipgate tables yet (start Shipgate on it once, or check SHIPGATE_DATABASE_URL)`,
      );
    if (pending.length > 0) {
      if (access === 'read')
        return await refuse(
          'behind',
          `${location} is at schema version ${postgresMigrations.length - pending.length} of ${postgresMigrations.length}; start Shipgate once to migrate it`,
        );
      await migratePostgres(pool);
    }
  } catch (err) {
    return await refuse('unreadable', `cannot read ${location}: ${message(err)}`);
  }
  const runner = new PostgresRunner(pool);
  return {
    ok: true,
    store: {
      dialect: 'postgres',
      location,
      runner,
      read: (work) => runner.snapshot(() => work(runner)),
      close: () => pool.end(),
    },
  };
}
