import pg from 'pg';
import { withoutPassword } from '../../src/store/open-store.js';

/** The variable naming the PostgreSQL database the bench's PostgreSQL sections use (a fresh schema per section). */
export const BENCH_DATABASE_URL_VARIABLE = 'SHIPGATE_BENCH_DATABASE_URL';

/** Where the PostgreSQL sections of `npm run bench` run, or why they are skipped. */
export type BenchPostgres = { readonly url: string } | { readonly skipped: string };

/** How long the bench waits for PostgreSQL to answer before it skips the sections that need it. */
const CONNECT_TIMEOUT_MS = 3000;

/**
 * The database for the high-availability sections: `SHIPGATE_BENCH_DATABASE_URL`, else
 * `SHIPGATE_TEST_DATABASE_URL`; skipped (with the reason, to print) when neither is set or the server does not
 * answer `SELECT 1` within 3 s (connection refused, wrong credentials, no such database).
 */
export async function benchPostgres(env: NodeJS.ProcessEnv = process.env): Promise<BenchPostgres> {
  const url = env[BENCH_DATABASE_URL_VARIABLE] || env.SHIPGATE_TEST_DATABASE_URL || undefined;
  if (url === undefined)
    return { skipped: `neither ${BENCH_DATABASE_URL_VARIABLE} nor SHIPGATE_TEST_DATABASE_URL is set` };
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return { url };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = err instanceof Error ? err.message || code || err.name : String(err);
    return { skipped: `PostgreSQL at ${withoutPassword(url)} did not answer (${reason})` };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Prints that a PostgreSQL section was skipped, and why. */
export function printSkipped(title: string, skipped: string): void {
  console.log(`\n${title}: skipped, ${skipped}`);
}
