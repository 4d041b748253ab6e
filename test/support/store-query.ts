import { sql } from 'kysely';
import type { Store } from '../../src/store/open-store.js';
import { rawStatement } from '../../src/store/sql/statement.js';

/**
 * What a test reads straight out of a Shipgate's store, on SQLite or PostgreSQL alike: a tagged template whose
 * interpolations become bound parameters, e.g. ``await storeRows<{ n: number }>(shipgate)`SELECT count(*) AS n FROM
 * timers WHERE subject = ${id}` `` (write SQL both stores take; counts come back as numbers on both).
 */
export function storeRows<R>(shipgate: {
  readonly store: Store;
}): (strings: TemplateStringsArray, ...values: unknown[]) => Promise<R[]> {
  return async (strings, ...values) => {
    const statement = rawStatement((p) =>
      sql.join(
        strings.flatMap((text, i) => (i < values.length ? [sql.raw(text), p(`v${i}`)] : [sql.raw(text)])),
        sql.raw(''),
      ),
    );
    const args = Object.fromEntries(values.map((value, i) => [`v${i}`, value]));
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
