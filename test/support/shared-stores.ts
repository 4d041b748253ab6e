import type { ArmedSignals } from '../../src/scheduler/armed-signals.js';
import { openDatabase } from '../../src/store/database.js';
import { migratePostgres } from '../../src/store/postgres/migrate-postgres.js';
import { postgresArmedSignals } from '../../src/store/postgres/postgres-armed-signals.js';
import { createPostgresPool } from '../../src/store/postgres/postgres-pool.js';
import { PostgresRunner } from '../../src/store/postgres/postgres-runner.js';
import type { SqlRunner } from '../../src/store/sql/sql-runner.js';
import { SqliteRunner } from '../../src/store/sql/sqlite-runner.js';
import type { SqlDialect } from '../../src/store/sql/statement.js';
import { freshSchema, missingPostgres } from './postgres.js';
import { tempDbPath } from './test-shipgate.js';

/** One store several processes share, as each of them would reach it. */
export interface SharedStore {
  readonly dialect: SqlDialect;
  /**
   * A runner of its own on the store, as another process or replica has it: a new connection to the same SQLite
   * file, or a new pool on the same PostgreSQL schema; with it, on PostgreSQL, that replica's LISTEN for timers.
   */
  open(): { runner: SqlRunner; armedSignals: ArmedSignals | undefined };
  close(): Promise<void>;
}

/**
 * The shared stores a multi-process test runs on, for `describe.each`: a SQLite file always, and a migrated
 * PostgreSQL schema of the file's own unless `missingPostgres()` skips it loudly (in CI it fails instead).
 */
export function sharedStores(name: string): [string, () => Promise<SharedStore>][] {
  const sqlite = async (): Promise<SharedStore> => {
    const path = tempDbPath(`shipgate-${name.replaceAll('_', '-')}-`);
    const handles = [openDatabase(path)];
    return {
      dialect: 'sqlite',
      open() {
        const db = openDatabase(path);
        handles.push(db);
        return { runner: new SqliteRunner(db), armedSignals: undefined };
      },
      close: async () => {
        for (const db of handles) if (db.open) db.close();
      },
    };
  };
  const postgres = async (): Promise<SharedStore> => {
    const schema = await freshSchema(name);
    const pools = [createPostgresPool(schema.url, { max: 4 })];
    await migratePostgres(pools[0] as ReturnType<typeof createPostgresPool>);
    return {
      dialect: 'postgres',
      open() {
        const pool = createPostgresPool(schema.url, { max: 4 });
        pools.push(pool);
        return { runner: new PostgresRunner(pool), armedSignals: postgresArmedSignals(pool) };
      },
      close: async () => {
        await Promise.all(pools.map((pool) => pool.end().catch(() => undefined)));
        await schema.drop();
      },
    };
  };
  const stores: [string, () => Promise<SharedStore>][] = [['SQLite', sqlite]];
  if (!missingPostgres()) stores.push(['PostgreSQL', postgres]);
  return stores;
}
