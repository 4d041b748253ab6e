import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The variable naming the PostgreSQL database the PostgreSQL tests use (each file in a schema of its own). */
export const TEST_DATABASE_URL_VARIABLE = 'SHIPGATE_TEST_DATABASE_URL';

/** The test database's connection string, if one is configured. */
export function testDatabaseUrl(): string | undefined {
  return process.env[TEST_DATABASE_URL_VARIABLE] || undefined;
}

/** Whether PostgreSQL tests can run here: `SHIPGATE_TEST_DATABASE_URL` is set. */
export function postgresAvailable(): boolean {
  return testDatabaseUrl() !== undefined;
}

/**
 * For `describe.skipIf(missingPostgres())`: false when `SHIPGATE_TEST_DATABASE_URL` is set. When it is not, CI
 * (`CI` set) throws, so the file fails instead of passing untested; anywhere else it warns loudly and returns true.
 */
export function missingPostgres(): boolean {
  if (postgresAvailable()) return false;
  const message = `${TEST_DATABASE_URL_VARIABLE} is not set: run them with ${TEST_DATABASE_URL_VARIABLE}=postgres://postgres@127.0.0.1:5432/test (any database the user may create schemas in)`;
  if (process.env.CI) throw new Error(`${message}; CI must run the PostgreSQL tests`);
  console.warn(`!!! SKIPPING the PostgreSQL tests: ${message}`);
  return true;
}

/** One test file's own schema in the test database, and the connections into it. */
export interface FreshSchema {
  /** The schema's name, `t_<prefix>_<random>`. */
  readonly name: string;
  /** A connection string whose sessions have `search_path` = this schema (the `options` parameter). */
  readonly url: string;
  /** The same as pool/client configuration. */
  readonly config: pg.PoolConfig;
  /** A new pool into the schema, ended by {@link FreshSchema.drop}. */
  pool(config?: pg.PoolConfig): pg.Pool;
  /** A new connected client into the schema, ended by {@link FreshSchema.drop}. */
  client(): Promise<pg.Client>;
  /** Empties the schema (drops it and everything in it, and creates it again) for the next test in the file. */
  reset(): Promise<void>;
  /** Ends every pool and client made here, then drops the schema and everything in it. */
  drop(): Promise<void>;
}

/** `prefix` as part of an unquoted identifier: lower-case letters, digits and underscores, at most 30. */
function identifierPart(prefix: string): string {
  return (
    prefix
      .toLowerCase()
      .replace(/[^a-z0-9_]+/g, '_')
      .slice(0, 30) || 'x'
  );
}

/** Runs `sql` on a short-lived connection to the test database itself (search_path untouched). */
async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Creates a uniquely named schema (`t_<prefix>_<random>`) in the database `base` names (by default the one
 * `SHIPGATE_TEST_DATABASE_URL` names), so each test file (or bench run) works in its own empty schema, and returns
 * the ways into it. Only call it without `base` when {@link missingPostgres} said false.
 */
export async function freshSchema(prefix: string, base = testDatabaseUrl()): Promise<FreshSchema> {
  if (base === undefined) throw new Error(`${TEST_DATABASE_URL_VARIABLE} is not set`);
  const name = `t_${identifierPart(prefix)}_${randomBytes(6).toString('hex')}`;
  await admin(base, `CREATE SCHEMA ${name}`);
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${name}`);
  const config: pg.PoolConfig = { connectionString: url.toString() };
  const pools: pg.Pool[] = [];
  const clients: pg.Client[] = [];
  return {
    name,
    url: url.toString(),
    config,
    pool(extra: pg.PoolConfig = {}) {
      const pool = new pg.Pool({ ...config, ...extra });
      pools.push(pool);
      return pool;
    },
    async client() {
      const client = new pg.Client(config);
      clients.push(client);
      await client.connect();
      return client;
    },
    async reset() {
      await admin(base, `DROP SCHEMA ${name} CASCADE; CREATE SCHEMA ${name}`);
    },
    async drop() {
      await Promise.all([
        ...pools.map((pool) => pool.end().catch(() => undefined)),
        ...clients.map((client) => client.end().catch(() => undefined)),
      ]);
      await admin(base, `DROP SCHEMA IF EXISTS ${name} CASCADE`);
    },
  };
}
