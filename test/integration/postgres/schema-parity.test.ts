import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../../src/store/database.js';
import { migratePostgres } from '../../../src/store/postgres/migrate-postgres.js';
import { type FreshSchema, freshSchema, missingPostgres } from '../../support/postgres.js';
import { tempDbPath } from '../../support/test-shipgate.js';

/** One column as both stores can be compared: SQLite's declared type family, NOT NULL and default. */
interface ColumnShape {
  name: string;
  type: 'integer' | 'text' | 'blob';
  notNull: boolean;
  default: string | null;
}

interface IndexShape {
  name: string;
  columns: string[];
  unique: boolean;
  where: string | null;
}

/** Everything compared about one table. */
interface TableShape {
  columns: ColumnShape[];
  primaryKey: string[];
  unique: string[][];
  foreignKeys: string[];
  indexes: IndexShape[];
  triggers: string[];
}

/**
 * The documented exceptions. SQLite's `sqlite_sequence` (AUTOINCREMENT's bookkeeping) has no PostgreSQL table
 * (identity columns keep their sequences), and PostgreSQL's `shipgate_migrations` is what SQLite keeps in
 * `user_version`. PostgreSQL also refuses TRUNCATE on the append-only tables, a statement SQLite does not have.
 */
const SQLITE_ONLY_TABLES = ['sqlite_sequence'];
const POSTGRES_ONLY_TABLES = ['shipgate_migrations'];
const POSTGRES_ONLY_TRIGGERS: Record<string, string[]> = {
  events: ['events_no_truncate'],
  events_head: ['events_head_no_truncate'],
};

/** A partial index's predicate without the parentheses and casing either store adds. */
function predicate(text: string | null): string | null {
  if (text === null) return null;
  return text.replace(/[()]/g, ' ').replace(/\s+/g, ' ').trim().toLowerCase();
}

function sqliteType(declared: string): ColumnShape['type'] {
  const type = declared.toUpperCase();
  if (type === 'INTEGER') return 'integer';
  if (type === 'TEXT') return 'text';
  if (type === 'BLOB') return 'blob';
  throw new Error(`unexpected SQLite type ${declared}`);
}

function postgresType(dataType: string): ColumnShape['type'] {
  if (dataType === 'bigint' || dataType === 'integer') return 'integer';
  if (dataType === 'text') return 'text';
  if (dataType === 'bytea') return 'blob';
  throw new Error(`unexpected PostgreSQL type ${dataType}`);
}

/** The shape of every table in the SQLite file. */
function sqliteShapes(db: Db): Record<string, TableShape> {
  const tables = db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
    .pluck()
    .all() as string[];
  const shapes: Record<string, TableShape> = {};
  for (const table of tables.filter((t) => !SQLITE_ONLY_TABLES.includes(t))) {
    const info = db.pragma(`table_info(${table})`) as {
      name: string;
      type: string;
      notnull: number;
      dflt_value: string | null;
      pk: number;
    }[];
    const indexList = db.pragma(`index_list(${table})`) as { name: string; unique: number; origin: string }[];
    const indexColumns = (index: string) =>
      (db.pragma(`index_info(${index})`) as { seqno: number; name: string }[])
        .sort((a, b) => a.seqno - b.seqno)
        .map((c) => c.name);
    const indexSql = (index: string) =>
      (db.prepare('SELECT sql FROM sqlite_schema WHERE name = ?').pluck().get(index) as string).split(
        / WHERE /i,
      )[1] ?? null;
    shapes[table] = {
      columns: info.map((c) => ({
        name: c.name,
        type: sqliteType(c.type),
        // PostgreSQL makes every primary key column NOT NULL; SQLite lets a non-INTEGER one hold NULL (a
        // legacy quirk), which Shipgate never writes. Both mean "never NULL" here.
        notNull: c.notnull === 1 || c.pk > 0,
        default: c.dflt_value,
      })),
      primaryKey: info
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name),
      unique: indexList
        .filter((i) => i.origin === 'u')
        .map((i) => indexColumns(i.name))
        .sort(),
      foreignKeys: (db.pragma(`foreign_key_list(${table})`) as { table: string; from: string; to: string }[])
        .map((fk) => `${fk.from} -> ${fk.table}(${fk.to})`)
        .sort(),
      indexes: indexList
        .filter((i) => i.origin === 'c')
        .map((i) => ({
          name: i.name,
          columns: indexColumns(i.name),
          unique: i.unique === 1,
          where: predicate(indexSql(i.name)),
        }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      triggers: (
        db
          .prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = ? ORDER BY name")
          .pluck()
          .all(table) as string[]
      ).sort(),
    };
  }
  return shapes;
}

/** The columns of `oid`'s `attnums` by name, in order. */
const ATTNAMES = (rel: string, nums: string) => `
  array(SELECT a.attname::text FROM unnest(${nums}) WITH ORDINALITY AS k(num, ord)
        JOIN pg_attribute a ON a.attrelid = ${rel} AND a.attnum = k.num ORDER BY k.ord)`;

/** The shape of every table in the schema `client`'s search_path names. */
async function postgresShapes(client: pg.Pool): Promise<Record<string, TableShape>> {
  const tables = (
    await client.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables
       WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
    )
  ).rows.map((r) => r.name);
  const shapes: Record<string, TableShape> = {};
  for (const table of tables.filter((t) => !POSTGRES_ONLY_TABLES.includes(t))) {
    const columns = await client.query<{
      name: string;
      data_type: string;
      is_nullable: string;
      column_default: string | null;
    }>(
      `SELECT column_name AS name, data_type, is_nullable, column_default FROM information_schema.columns
       WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
      [table],
    );
    const constraints = await client.query<{ type: string; columns: string[]; ref: string | null }>(
      `SELECT c.contype AS type, ${ATTNAMES('c.conrelid', 'c.conkey')} AS columns,
              CASE WHEN c.contype = 'f' THEN c.confrelid::regclass::text || '(' ||
                array_to_string(${ATTNAMES('c.confrelid', 'c.confkey')}, ', ') || ')' END AS ref
       FROM pg_constraint c WHERE c.conrelid = $1::regclass AND c.contype IN ('p', 'u', 'f')`,
      [table],
    );
    const indexes = await client.query<{
      name: string;
      columns: string[];
      unique: boolean;
      where: string | null;
    }>(
      `SELECT i.relname AS name, ${ATTNAMES('x.indrelid', 'x.indkey::int2[]')} AS columns,
              x.indisunique AS unique, pg_get_expr(x.indpred, x.indrelid) AS where
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
       WHERE x.indrelid = $1::regclass
         AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)`,
      [table],
    );
    const triggers = await client.query<{ name: string }>(
      'SELECT tgname AS name FROM pg_trigger WHERE tgrelid = $1::regclass AND NOT tgisinternal',
      [table],
    );
    const pgOnly = POSTGRES_ONLY_TRIGGERS[table] ?? [];
    shapes[table] = {
      columns: columns.rows.map((c) => ({
        name: c.name,
        type: postgresType(c.data_type),
        notNull: c.is_nullable === 'NO',
        default: c.column_default?.replace(/::(text|bigint|integer)$/, '') ?? null,
      })),
      primaryKey: constraints.rows.find((c) => c.type === 'p')?.columns ?? [],
      unique: constraints.rows
        .filter((c) => c.type === 'u')
        .map((c) => c.columns)
        .sort(),
      foreignKeys: constraints.rows
        .filter((c) => c.type === 'f')
        .map((c) => `${c.columns.join(', ')} -> ${c.ref}`)
        .sort(),
      indexes: indexes.rows
        .map((i) => ({ name: i.name, columns: i.columns, unique: i.unique, where: predicate(i.where) }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      triggers: triggers.rows
        .map((t) => t.name)
        .filter((t) => !pgOnly.includes(t))
        .sort(),
    };
  }
  return shapes;
}

/** Every row of `table` with values as text (PostgreSQL returns BIGINT as a string), oldest key first. */
function asText(rows: Record<string, unknown>[]): Record<string, string | null>[] {
  return rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([k, v]) => [
        k,
        v === null ? null : Buffer.isBuffer(v) ? v.toString('hex') : String(v),
      ]),
    ),
  );
}

describe.skipIf(missingPostgres())('the PostgreSQL baseline against the migrated SQLite schema', () => {
  let path: string;
  let sqlite: Db;
  let schema: FreshSchema;
  let pool: pg.Pool;
  let fromSqlite: Record<string, TableShape>;
  let fromPostgres: Record<string, TableShape>;

  beforeAll(async () => {
    path = tempDbPath('shipgate-parity-');
    sqlite = openDatabase(path);
    schema = await freshSchema('parity');
    pool = schema.pool();
    await migratePostgres(pool);
    fromSqlite = sqliteShapes(sqlite);
    fromPostgres = await postgresShapes(pool);
  });
  afterAll(async () => {
    sqlite?.close();
    if (path) rmSync(dirname(path), { recursive: true, force: true });
    await schema?.drop();
  });

  it('has the same tables', () => {
    expect(Object.keys(fromPostgres)).toEqual(Object.keys(fromSqlite));
    expect(Object.keys(fromSqlite)).toContain('events_head');
  });

  it('has, per table, the same columns in the same order, types, NOT NULLs, defaults, keys, indexes and triggers', () => {
    expect(fromPostgres).toEqual(fromSqlite);
  });

  it('keeps the partial indexes partial and the unique ones unique', () => {
    expect(fromPostgres.timers?.indexes).toContainEqual({
      name: 'timers_pending',
      columns: ['due_at'],
      unique: false,
      where: 'fired_at is null and cancelled_at is null',
    });
    expect(fromPostgres.incidents?.indexes).toContainEqual({
      name: 'incidents_channel',
      columns: ['channel_id'],
      unique: true,
      where: 'channel_id is not null',
    });
  });

  it('has every SQLite trigger, and besides them only the documented PostgreSQL-only ones', async () => {
    const { rows } = await pool.query<{ name: string }>(
      `SELECT tgname AS name FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
       WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace`,
    );
    const sqliteTriggers = sqlite
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger'")
      .pluck()
      .all() as string[];
    expect(sqliteTriggers).toHaveLength(5);
    expect(rows.map((r) => r.name).sort()).toEqual(
      [...sqliteTriggers, ...Object.values(POSTGRES_ONLY_TRIGGERS).flat()].sort(),
    );
  });

  it('seeds the same rows (the chain head at genesis, the agent switch on)', async () => {
    for (const table of Object.keys(fromSqlite)) {
      const lite = sqlite.prepare(`SELECT * FROM ${table} ORDER BY 1`).all() as Record<string, unknown>[];
      const { rows } = await pool.query(`SELECT * FROM ${table} ORDER BY 1`);
      expect({ table, rows: asText(rows) }).toEqual({ table, rows: asText(lite) });
    }
    expect((await pool.query('SELECT count(*)::int AS n FROM events_head')).rows).toEqual([{ n: 1 }]);
    expect((await pool.query('SELECT count(*)::int AS n FROM agent_switch')).rows).toEqual([{ n: 1 }]);
  });

  it('compares text byte-wise like SQLite (COLLATE "C") and keeps epoch ms and ids in BIGINT', async () => {
    const { rows } = await pool.query<{
      table: string;
      column: string;
      type: string;
      collation: string | null;
    }>(
      `SELECT table_name AS table, column_name AS column, data_type AS type, collation_name AS collation
       FROM information_schema.columns WHERE table_schema = current_schema() AND table_name <> 'shipgate_migrations'`,
    );
    expect(rows.filter((c) => c.type === 'text' && c.collation !== 'C')).toEqual([]);
    const int4 = rows
      .filter((c) => c.type === 'integer')
      .map((c) => `${c.table}.${c.column}`)
      .sort();
    expect(int4).toEqual([
      'agent_switch.id',
      'agent_switch.suspended',
      'deploys.needs_review',
      'deploys.survived',
      'events_head.one',
      'incidents.private',
      'incidents.security',
      'timers.attempts',
      'timers.lease_token',
    ]);
    const names = ['b', 'B', 'a', '_a', 'A', 'é', 'e'];
    for (const name of names) {
      sqlite.prepare('INSERT INTO counters (name, value) VALUES (?, 0)').run(name);
      await pool.query('INSERT INTO counters (name, value) VALUES ($1, 0)', [name]);
    }
    try {
      const order = (await pool.query<{ name: string }>('SELECT name FROM counters ORDER BY name')).rows;
      expect(order.map((r) => r.name)).toEqual(
        sqlite.prepare('SELECT name FROM counters ORDER BY name').pluck().all(),
      );
      expect(order.map((r) => r.name)).toEqual(['A', 'B', '_a', 'a', 'b', 'e', 'é']);
    } finally {
      sqlite.prepare('DELETE FROM counters').run();
      await pool.query('DELETE FROM counters');
    }
  });
});
