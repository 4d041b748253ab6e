import { withoutPassword } from '../../src/store/open-store.js';

/** Where a test's Shipgate keeps its data: its SQLite file, or its PostgreSQL schema's connection string. */
export interface StoreOfTest {
  readonly dbPath: string;
  readonly databaseUrl: string | undefined;
}

/**
 * How a `shipgate` command a test runs reaches the store of the test's Shipgate: `--db <file>` on SQLite, the
 * environment variable `SHIPGATE_DATABASE_URL` on PostgreSQL (as on a replica), and the `location` its messages
 * name (the path, or the connection string without its password).
 */
export function cliStoreArgs(target: StoreOfTest): {
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly location: string;
} {
  if (target.databaseUrl === undefined)
    return { args: ['--db', target.dbPath], env: {}, location: target.dbPath };
  return {
    args: [],
    env: { SHIPGATE_DATABASE_URL: target.databaseUrl },
    location: withoutPassword(target.databaseUrl),
  };
}
