import { SecretValues } from '../../src/core/text/secret-values.js';
import { openDatabase } from '../../src/store/database.js';
import { migratePostgres } from '../../src/store/postgres/migrate-postgres.js';
import { createPostgresPool } from '../../src/store/postgres/postgres-pool.js';
import { PostgresRunner } from '../../src/store/postgres/postgres-runner.js';
import type { SqlRunner } from '../../src/store/sql/sql-runner.js';
import { SqliteRunner } from '../../src/store/sql/sqlite-runner.js';
import { freshSchema, missingPostgres } from './postgres.js';
import { tempDbPath } from './test-shipgate.js';

/** A connection to a store, and how to close it (twice is fine). */
export interface DialectConnection {
  readonly runner: SqlRunner;
  close(): Promise<void>;
}

/** One freshly migrated store to run a repository on, and how to throw it away. */
export interface DialectStore extends DialectConnection {
  /**
   * Another connection to the same store, as a second process or replica has: a new SQLite handle on the file (its
   * own gate), or a new pool into the schema. Closed with the store if not before.
   */
  connect(): DialectConnection;
}

/** `close` run once however often it is called. */
const once = (close: () => Promise<void>) => {
  let closed: Promise<void> | undefined;
  return () => {
    closed ??= close();
    return closed;
  };
};

/**
 * The stores a dual-dialect test file runs on, for `describe.each`: a new SQLite file always, and a PostgreSQL
 * schema of the file's own (migrated with `migratePostgres`) unless `missingPostgres()` skips it loudly (in CI it
 * fails instead). `name` names the file's temp database and schema; `secrets` are redacted by both.
 */
export function dialectStores(
  name: string,
  options: { secrets?: SecretValues; poolSize?: number } = {},
): [string, () => Promise<DialectStore>][] {
  const secrets = options.secrets ?? SecretValues.none;
  const sqlite = async (): Promise<DialectStore> => {
    const path = tempDbPath(`shipgate-${name.replaceAll('_', '-')}-`);
    const first = openDatabase(path, { secrets });
    const others: DialectConnection[] = [];
    return {
      runner: new SqliteRunner(first),
      connect: () => {
        const db = openDatabase(path, { secrets });
        const connection = {
          runner: new SqliteRunner(db),
          close: once(async () => {
            db.close();
          }),
        };
        others.push(connection);
        return connection;
      },
      close: once(async () => {
        for (const other of others) await other.close();
        first.close();
      }),
    };
  };
  const postgres = async (): Promise<DialectStore> => {
    const schema = await freshSchema(name);
    const newPool = () => createPostgresPool(schema.url, { max: options.poolSize ?? 4 });
    const first = newPool();
    await migratePostgres(first);
    const others: DialectConnection[] = [];
    return {
      runner: new PostgresRunner(first, secrets),
      connect: () => {
        const pool = newPool();
        const connection = { runner: new PostgresRunner(pool, secrets), close: once(() => pool.end()) };
        others.push(connection);
        return connection;
      },
      close: once(async () => {
        await Promise.all(others.map((other) => other.close()));
        await first.end();
        await schema.drop();
      }),
    };
  };
  const stores: [string, () => Promise<DialectStore>][] = [['SQLite', sqlite]];
  if (!missingPostgres()) stores.push(['PostgreSQL', postgres]);
  return stores;
}
