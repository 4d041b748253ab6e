import { sql } from './kysely.js';
import type { SqlRunner } from './sql-runner.js';
import { defineStatement } from './statement.js';

const next = defineStatement((db, p) =>
  db
    .insertInto('counters')
    .values({ name: p('name'), value: sql<number>`1` })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value: sql<number>`counters.value + 1` }))
    .returning('value'),
);

/**
 * The next number of a named sequence (1, 2, 3 …) in one atomic statement on either store: deploy and incident ids
 * are numbered per year. On PostgreSQL the row lock the upsert takes serialises concurrent callers, so two
 * replicas never get the same number; inside a transaction that rolls back the number is given back, so none is
 * skipped.
 */
export async function nextSequence(runner: SqlRunner, name: string): Promise<number> {
  const row = await runner.get<{ value: number }>(next, { name });
  if (!row) throw new Error(`sequence ${name} returned no value`);
  return Number(row.value);
}
