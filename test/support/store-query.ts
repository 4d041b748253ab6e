import { sql } from 'kysely';
import type { Store } from '../../src/store/open-store.js';
import { rawStatement, type SqlArgs, type SqlStatement } from '../../src/store/sql/statement.js';

/** A tagged template's text as one statement, its interpolations as the bound parameters `v0`, `v1`, … */
function statementOf(
  strings: TemplateStringsArray,
  values: unknown[],
): { statement: SqlStatement; args: SqlArgs } {
  const statement = rawStatement((p) =>
    sql.join(
      strings.flatMap((text, i) => (i < values.length ? [sql.raw(text), p(`v${i}`)] : [sql.raw(text)])),
      sql.raw(''),
    ),
  );
  return { statement, args: Object.fromEntries(values.map((value, i) => [`v${i}`, value])) };
}

/**
 * What a test reads straight out of a Shipgate's store, on SQLite or PostgreSQL alike: a tagged template whose
 * interpolations become bound parameters, e.g. ``await storeRows<{ n: number }>(shipgate)`SELECT count(*) AS n FROM
 * timers WHERE subject = ${id}` `` (write SQL both stores take; counts come back as numbers on both).
 */
export function storeRows<R>(shipgate: {
  readonly store: Store;
}): (strings: TemplateStringsArray, ...values: unknown[]) => Promise<R[]> {
  return async (strings, ...values) => {
    const { statement, args } = statementOf(strings, values);
    return await shipgate.store.runner.all<R>(statement, args);
  };
}

/**
 * The one number a `SELECT count(*) AS n …` (or any single-value query named `n`) gives, as a number on both
 * stores (PostgreSQL's count is an int8): ``await storeCount(shipgate)`SELECT count(*) AS n FROM timers` ``.
 */
export function storeCount(shipgate: {
  readonly store: Store;
}): (strings: TemplateStringsArray, ...values: unknown[]) => Promise<number> {
  const rows = storeRows<{ n: number | string }>(shipgate);
  return async (strings, ...values) => {
    const [row] = await rows(strings, ...values);
    return Number(row?.n ?? 0);
  };
}

/**
 * A write a test makes straight into a Shipgate's store, behind the services' backs (a row edited by hand), on
 * either store: ``await storeRun(shipgate)`UPDATE deploys SET state = 'approved' WHERE id = ${id}` ``. Resolves
 * with how many rows it changed.
 */
export function storeRun(shipgate: {
  readonly store: Store;
}): (strings: TemplateStringsArray, ...values: unknown[]) => Promise<number> {
  return async (strings, ...values) => {
    const { statement, args } = statementOf(strings, values);
    return await shipgate.store.runner.run(statement, args);
  };
}

/**
 * Every row of the table `table` of a Shipgate's store, on either store: for tests that look at everything stored
 * (a table's name cannot be a bound parameter, so it must be a plain lower-case identifier).
 */
export async function storeTable(
  shipgate: { readonly store: Store },
  table: string,
): Promise<Record<string, unknown>[]> {
  if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new Error(`not a table name: ${table}`);
  const statement = rawStatement(() => sql.raw(`SELECT * FROM ${table}`));
  return await shipgate.store.runner.all<Record<string, unknown>>(statement);
}
