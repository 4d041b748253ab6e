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
    const db = openDatabase(tempDbPath(`shipgate-${name.replaceAll('_', '-')}-`), { secrets });
    return {
      runner: new SqliteRunner(db),
      close: async () => {
        db.close();
      },
    };
  };
  const postgres = async (): Promise<DialectStore> => {
    const schema = await freshSchema(name);
    const pool = createPostgresPool(schema.url, { max: options.poolSize ?? 4 });
    await migratePostgres(pool);
    return {
      runner: new PostgresRunner(pool, secrets),
      close: async () => {
        await pool.end();
        await schema.drop();
      },
    };
  };
  const stores: [string, () => Promise<DialectStore>][] = [['SQLite', sqlite]];
  if (!missingPostgres()) stores.push(['PostgreSQL', postgres]);
  return stores;
}
