import {
  type Compilable,
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type RawBuilder,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from './kysely.js';
import type { ShipgateTables } from './shipgate-tables.js';

/** The two stores a statement is compiled for. */
export type SqlDialect = 'sqlite' | 'postgres';

/** Named values a statement is run with. */
export type SqlArgs = Readonly<Record<string, unknown>>;

/** One parameter of a compiled statement: a named value, or one item of a named list (see {@link listItem}). */
export type SqlParam = string | { readonly list: string; readonly index: number };

/** One statement's SQL in one dialect, with its parameters in placeholder order. */
export interface CompiledSql {
  readonly sql: string;
  readonly names: readonly SqlParam[];
}

/** A statement written once with kysely and compiled, at definition, for both stores. */
export interface SqlStatement {
  readonly sqlite: CompiledSql;
  readonly postgres: CompiledSql;
}

/** A parameter's place in a statement: a marker kysely carries into the compiled parameters untouched. */
class Placeholder {
  constructor(readonly param: SqlParam) {}
}

/** A statement's named parameter: `p('key')` stands for the value given as `key` (typed to fit where it goes). */
export type Placeholders = (name: string) => never;

const compileOnly = (dialect: SqlDialect) =>
  new Kysely<ShipgateTables>({
    dialect: {
      createAdapter: () => (dialect === 'sqlite' ? new SqliteAdapter() : new PostgresAdapter()),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) =>
        dialect === 'sqlite' ? new SqliteIntrospector(db) : new PostgresIntrospector(db),
      createQueryCompiler: () =>
        dialect === 'sqlite' ? new SqliteQueryCompiler() : new PostgresQueryCompiler(),
    },
  });

const builders = { sqlite: compileOnly('sqlite'), postgres: compileOnly('postgres') };

const placeholders: Placeholders = (name) => new Placeholder(name) as never;

/** The list parameters made so far, per list name: every statement (and dialect) naming an item shares one. */
const listItems = new Map<string, { readonly list: string; readonly index: number }[]>();

/**
 * A placeholder for item `index` of the list given as `name` (an array): an `IN (…)` list of a fixed length is
 * written with one per item, and run with the list itself, without a name per item. A list shorter than the
 * statement's is padded with its last item (a duplicate in an `IN` list changes nothing); see `paddedLength`.
 */
export function listItem(name: string, index: number): never {
  let items = listItems.get(name);
  if (!items) {
    items = [];
    listItems.set(name, items);
  }
  items[index] ??= { list: name, index };
  return new Placeholder(items[index]) as never;
}

/**
 * Defines a statement once, with kysely's builder over {@link ShipgateTables}, and compiles it for SQLite and
 * PostgreSQL right away. Building a query costs tens of microseconds, more than SQLite takes to run most of them,
 * so it is paid once per statement, never per call; values are named placeholders (`p('key')`) filled in at run time.
 */
export function defineStatement(
  build: (db: Kysely<ShipgateTables>, p: Placeholders) => Compilable,
): SqlStatement {
  const compile = (dialect: SqlDialect): CompiledSql => {
    const compiled = build(builders[dialect], placeholders).compile();
    const names = compiled.parameters.map((value) => {
      if (!(value instanceof Placeholder))
        throw new Error(
          `a statement's values must be placeholders (p('name')), not ${JSON.stringify(value)}`,
        );
      return value.param;
    });
    return { sql: compiled.sql, names };
  };
  return { sqlite: compile('sqlite'), postgres: compile('postgres') };
}

/**
 * A statement kysely's builder cannot say, written as one `sql\`…\`` text with placeholders (`${p('key')}`) and
 * compiled once for both stores like {@link defineStatement}'s. Text that only one store understands (a SQLite
 * function, PostgreSQL's locking clauses) compiles for the other too but is only ever run on its own: the caller
 * picks the statement by `runner.dialect`.
 */
export function rawStatement(build: (p: Placeholders) => RawBuilder<unknown>): SqlStatement {
  return defineStatement((db, p) => ({ compile: () => build(p).compile(db) }));
}

/**
 * The values of `args` in the order the compiled SQL wants them, a list's items taken from its array (padded with its
 * last item); a missing value, or a list that is not a non-empty array, is an error, not a NULL.
 */
export function valuesFor(compiled: CompiledSql, args: SqlArgs): unknown[] {
  const { names } = compiled;
  const values = new Array<unknown>(names.length);
  for (let at = 0; at < names.length; at++) {
    const param = names[at] as SqlParam;
    const name = typeof param === 'string' ? param : param.list;
    if (!(name in args)) throw new Error(`statement parameter ${name} is missing`);
    const value = args[name];
    if (typeof param === 'string') values[at] = value;
    else if (Array.isArray(value) && value.length > 0)
      values[at] = value[param.index < value.length ? param.index : value.length - 1];
    else throw new Error(`statement list ${name} must be a non-empty array`);
  }
  return values;
}

/**
 * Statements whose shape depends on the call (an IN list's length, which filters are given): one statement per
 * shape, defined on first use and kept, so a shape is compiled once however often it is asked for.
 */
export function statementShapes<K extends string | number | boolean>(
  build: (shape: K) => SqlStatement,
): (shape: K) => SqlStatement {
  const shapes = new Map<K, SqlStatement>();
  return (shape) => {
    let statement = shapes.get(shape);
    if (!statement) {
      statement = build(shape);
      shapes.set(shape, statement);
    }
    return statement;
  };
}
