import pg from 'pg';
import { TEST_DATABASE_URL_VARIABLE, testDatabaseUrl } from './postgres.js';
import { TEST_STORE_VARIABLE } from './test-store.js';

/**
 * Vitest's global setup: with `SHIPGATE_TEST_STORE=postgres` (`npm run test:postgres`) the run stops at once, with
 * one clear message, when `SHIPGATE_TEST_DATABASE_URL` is missing or its server does not answer, instead of every
 * test file failing on its own. Without the variable (or with `sqlite`) it does nothing.
 */
export async function setup(): Promise<void> {
  const chosen = process.env[TEST_STORE_VARIABLE];
  if (!chosen || chosen === 'sqlite') return;
  if (chosen !== 'postgres')
    throw new Error(`${TEST_STORE_VARIABLE} must be sqlite or postgres, not ${chosen}`);
  const url = testDatabaseUrl();
  if (url === undefined)
    throw new Error(
      `${TEST_STORE_VARIABLE}=postgres needs ${TEST_DATABASE_URL_VARIABLE}, e.g. ${TEST_DATABASE_URL_VARIABLE}=postgres://postgres@127.0.0.1:5432/test (.ci/postgres.sh sets it up)`,
    );
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (err) {
    throw new Error(
      `${TEST_STORE_VARIABLE}=postgres: ${TEST_DATABASE_URL_VARIABLE} does not answer: ${err instanceof Error ? err.message : String(err)}`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}
