import type { Db } from './database.js';

/** The next number of a named sequence (1, 2, 3 …), atomically: deploy and incident ids are numbered per year. */
export function nextSequence(db: Db, name: string): number {
  return (
    db
      .prepare(
        'INSERT INTO counters (name, value) VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value',
      )
      .get(name) as { value: number }
  ).value;
}
