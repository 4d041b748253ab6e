import { freshSchema } from './postgres.js';

/** The variable that puts the tests' Shipgates on PostgreSQL: `SHIPGATE_TEST_STORE=postgres`. */
export const TEST_STORE_VARIABLE = 'SHIPGATE_TEST_STORE';

/** Where one test Shipgate keeps its data: `databaseUrl` set on PostgreSQL; `drop` throws the schema away. */
export interface TestStore {
  readonly databaseUrl?: string;
  drop(): Promise<void>;
}

/**
 * The store a test's Shipgate runs on. By default its SQLite file (nothing to add); with
 * `SHIPGATE_TEST_STORE=postgres` a PostgreSQL schema of its own in `SHIPGATE_TEST_DATABASE_URL` (`npm run
 * test:postgres` runs the end-to-end and integration tests that way), dropped when the Shipgate stops.
 */
export async function testStore(prefix: string): Promise<TestStore> {
  const chosen = process.env[TEST_STORE_VARIABLE];
  if (!chosen || chosen === 'sqlite') return { drop: async () => undefined };
  if (chosen !== 'postgres')
    throw new Error(`${TEST_STORE_VARIABLE} must be sqlite or postgres, not ${chosen}`);
  const schema = await freshSchema(prefix);
  return { databaseUrl: schema.url, drop: () => schema.drop() };
}
