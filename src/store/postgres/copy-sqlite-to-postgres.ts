import type pg from 'pg';
import type { Db } from '../database.js';
import { WRITE_LOCK_KEY } from './postgres-runner.js';

/** How many rows one table holds on each side after a copy. */
export interface CopiedTable {
  readonly table: string;
  readonly source: number;
  readonly target: number;
}

/** Why a copy was refused or failed; the target is left as it was (the copy is one transaction). */
export class CopyRefused extends Error {}

/** Tables not copied: `events_head` is moved by the target's own trigger as the events go in. */
const NOT_COPIED = new Set(['events_head']);

/**
 * Tables a migration seeds with their one row (the agents' emergency stop): a fresh target already has it, so the
 * source's row replaces it rather than counting as data in the way.
 */
const SEEDED = new Set(['agent_switch']);

/** PostgreSQL takes at most 65,535 parameters per statement; batches stay well below. */
const MAX_PARAMETERS = 30_000;

/**
 * Copies every Shipgate table of `source` (a SQLite handle at this build's schema) into the PostgreSQL schema
 * `target` connects to, which must be migrated and empty: one transaction, holding the replicas' write lock
 * (`WRITE_LOCK_KEY`) so a Shipgate started on the target meanwhile cannot write between the rows. Tables go in
 * foreign-key order, rows in primary-key order, column for column (the schemas are kept identical by the
 * schema-parity test), so ids, the event chain (`prev_hash`, `hash`) and the counters arrive as they were; the
 * events head follows the events through the target's trigger, and the identity sequences of `events` and `timers`
 * are moved past the copied ids. Returns each table's count on both sides, read after the commit.
 */
export async function copySqliteToPostgres(source: Db, target: pg.Pool): Promise<CopiedTable[]> {
  const tables = tablesInForeignKeyOrder(source);
  const client = await target.connect();
  try {
    const present = await targetColumns(client);
    for (const table of tables) {
      const columns = present.get(table);
      if (!columns)
        throw new CopyRefused(
          `the target has no table ${table}: is it a Shipgate schema of the same version?`,
        );
      const missing = sqliteColumns(source, table).filter((column) => !columns.has(column));
      if (missing.length > 0)
        throw new CopyRefused(`the target's ${table} has no column ${missing.join(', ')}`);
    }
    const occupied = await occupiedTables(
      client,
      tables.filter((table) => !SEEDED.has(table)),
    );
    if (occupied.length > 0)
      throw new CopyRefused(
        `the target already holds rows (${occupied.join(', ')}); copy into an empty, migrated database`,
      );
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK_KEY.toString()]);
      for (const table of tables) await copyTable(source, client, table);
      for (const table of ['events', 'timers'])
        await client.query(
          `SELECT setval(pg_get_serial_sequence('${table}', 'id'), coalesce((SELECT max(id) FROM ${table}), 0) + 1, false)`,
        );
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
    const copied: CopiedTable[] = [];
    for (const table of tables) {
      const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
      copied.push({ table, source: countOf(source, table), target: rows[0]?.n ?? 0 });
    }
    return copied;
  } finally {
    client.release();
  }
}

/** Copies one table's rows in primary-key order, in multi-row INSERTs. */
async function copyTable(source: Db, client: pg.PoolClient, table: string): Promise<void> {
  const columns = sqliteColumns(source, table);
  const perBatch = Math.max(1, Math.min(1000, Math.floor(MAX_PARAMETERS / columns.length)));
  const keys = primaryKey(source, table);
  const order = keys.length > 0 ? keys.join(', ') : 'rowid';
  const replacing =
    SEEDED.has(table) && keys.length > 0
      ? ` ON CONFLICT (${keys.join(', ')}) DO UPDATE SET ${columns.map((c) => `${quote(c)} = EXCLUDED.${quote(c)}`).join(', ')}`
      : '';
  const select = source
    .prepare(`SELECT ${columns.map(quote).join(', ')} FROM ${quote(table)} ORDER BY ${order}`)
    .raw();
  let batch: unknown[][] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const values = batch.map(
      (_, row) => `(${columns.map((__, col) => `$${row * columns.length + col + 1}`).join(', ')})`,
    );
    await client.query(
      `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES ${values.join(', ')}${replacing}`,
      batch.flat(),
    );
    batch = [];
  };
  for (const row of select.iterate() as Iterable<unknown[]>) {
    batch.push(row);
    if (batch.length === perBatch) await flush();
  }
  await flush();
}

/** The source's tables, each after the tables its foreign keys point to. */
function tablesInForeignKeyOrder(source: Db): string[] {
  const names = (
    source
      .prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all() as { name: string }[]
  )
    .map((row) => row.name)
    .filter((name) => !NOT_COPIED.has(name));
  const ordered: string[] = [];
  const visit = (name: string, path: readonly string[]) => {
    if (ordered.includes(name)) return;
    if (path.includes(name)) throw new CopyRefused(`foreign keys form a cycle through ${name}`);
    const parents = source.prepare(`SELECT "table" FROM pragma_foreign_key_list(?)`).all(name) as {
      table: string;
    }[];
    for (const parent of parents) if (parent.table !== name) visit(parent.table, [...path, name]);
    ordered.push(name);
  };
  for (const name of names) visit(name, []);
  return ordered;
}

function sqliteColumns(source: Db, table: string): string[] {
  return (
    source.prepare('SELECT name FROM pragma_table_info(?) ORDER BY cid').all(table) as { name: string }[]
  ).map((row) => row.name);
}

/** A table's primary key columns, quoted, in key order (none for a rowid table). */
function primaryKey(source: Db, table: string): string[] {
  const keys = (
    source.prepare('SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk').all(table) as {
      name: string;
    }[]
  ).map((row) => quote(row.name));
  return keys;
}

function countOf(source: Db, table: string): number {
  return (source.prepare(`SELECT count(*) AS n FROM ${quote(table)}`).get() as { n: number }).n;
}

/** The target schema's tables (the first on `search_path`) and their columns. */
async function targetColumns(client: pg.PoolClient): Promise<Map<string, Set<string>>> {
  const { rows } = await client.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()`,
  );
  const tables = new Map<string, Set<string>>();
  for (const row of rows) {
    const columns = tables.get(row.table_name) ?? new Set<string>();
    columns.add(row.column_name);
    tables.set(row.table_name, columns);
  }
  return tables;
}

/** Which of `tables` already hold a row on the target. */
async function occupiedTables(client: pg.PoolClient, tables: readonly string[]): Promise<string[]> {
  const occupied: string[] = [];
  for (const table of tables) {
    const { rows } = await client.query(`SELECT 1 FROM ${quote(table)} LIMIT 1`);
    if (rows.length > 0) occupied.push(table);
  }
  return occupied;
}

/** A table or column name as a quoted identifier (they come from the schema, never from input). */
function quote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
