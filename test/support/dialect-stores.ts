import { SecretValues } from '../../src/core/text/secret-values.js';
import { openDatabase } from '../../src/store/database.js';
import { migratePostgres } from '../../src/store/postgres/migrate-postgres.js';
import { createPostgresPool } from '../../src/store/postgres/postgres-pool.js';
import { PostgresRunner } from '../../src/store/postgres/postgres-runner.js';
import type { SqlRunner } from '../../src/store/sql/sql-runner.js';
import { SqliteRunner } from '../../src/store/sql/sqlite-runner.js';
import { freshSchema, missingPostgres } from './postgres.js';
import { tempDbPath } from './test-shipgate.js';

/** One freshly migrated store to run a repository on, and how to throw it away. */
export interface DialectStore {
  readonly runner: SqlRunner;
  /** A second runner on the same store, as another replica has: its own SQLite connection or its own pool. */
  replica(): SqlRunner;
  close(): Promise<void>;
}

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
    const dbs = [openDatabase(path, { secrets })];
    return {
      runner: new SqliteRunner(dbs[0] as ReturnType<typeof openDatabase>),
      replica: () => {
        const db = openDatabase(path, { secrets });
        dbs.push(db);
        return new SqliteRunner(db);
      },
      close: async () => {
        for (const db of dbs) db.close();
      },
    };
  };
  const postgres = async (): Promise<DialectStore> => {
    const schema = await freshSchema(name);
    const max = options.poolSize ?? 4;
    const pools = [createPostgresPool(schema.url, { max })];
    const [pool] = pools as [ReturnType<typeof createPostgresPool>];
    await migratePostgres(pool);
    return {
      runner: new PostgresRunner(pool, secrets),
      replica: () => {
        const another = createPostgresPool(schema.url, { max });
        pools.push(another);
        return new PostgresRunner(another, secrets);
      },
      close: async () => {
        await Promise.all(pools.map((p) => p.end()));
        await schema.drop();
      },
    };
  };
  const stores: [string, () => Promise<DialectStore>][] = [['SQLite', sqlite]];
  if (!missingPostgres()) stores.push(['PostgreSQL', postgres]);
  return stores;
}
