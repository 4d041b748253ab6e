import type pg from 'pg';
import { TIMERS_ARMED_CHANNEL } from '../timer-repository.js';
import { listenPostgres } from './postgres-listener.js';

/**
 * The scheduler's `ArmedSignals` on PostgreSQL: `LISTEN shipgate_timers` on a connection of its own (made with the
 * pool's settings), where every `arm` notifies the new timer's due time (epoch ms) when its transaction commits.
 * After a lost connection comes back, notifications meanwhile were missed, so it reports a timer due at 0 (the
 * scheduler looks at once and plans its wake-up from the table again).
 */
export function postgresArmedSignals(
  pool: pg.Pool,
  options: { readonly onError?: (err: unknown) => void } = {},
): { listen(onArmed: (dueAt: number) => void): Promise<() => Promise<void>> } {
  return {
    listen: (onArmed) =>
      listenPostgres(pool.options, TIMERS_ARMED_CHANNEL, (payload) => onArmed(Number(payload)), {
        onResumed: () => onArmed(0),
        ...(options.onError ? { onError: options.onError } : {}),
      }),
  };
}
