import type pg from 'pg';

/**
 * Arms the timer benches' timers on PostgreSQL in one statement: timer `i` of kind `bench.timer`, subject
 * `bench-<i>`, payload `{"i": i}`, due at `dueAt[i]` (epoch ms), the rows `TimerService.arm` inserts (it would take
 * one round trip per timer, seconds for 10,000, and no scheduler listens yet to hear of them).
 */
export async function armBenchTimers(
  db: pg.Pool | pg.Client,
  dueAt: readonly number[],
  createdAt: number,
): Promise<void> {
  await db.query(
    `INSERT INTO timers (kind, subject, due_at, payload, created_at)
     SELECT 'bench.timer', 'bench-' || t.i, t.due, json_build_object('i', t.i)::text, $3
     FROM unnest($1::bigint[], $2::int[]) AS t(due, i)
     ORDER BY t.i`,
    [dueAt.map((due) => Math.round(due)), dueAt.map((_, i) => i), createdAt],
  );
}
