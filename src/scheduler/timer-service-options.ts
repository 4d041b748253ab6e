import type { TimerRecord } from '../store/timer-repository.js';
import type { TimerFunctions } from './wake-timer.js';

/** Tuning for a {@link TimerService}; every field has a production default. */
export interface TimerServiceOptions {
  /** Who holds a claim; default `host:pid:random`, unique per instance. */
  owner?: string;
  /** How long a claim lasts before another scheduler may take the timer over; default 60 s. */
  leaseMs?: number;
  /** Handler runs before a failing timer is given up; default 10. */
  maxAttempts?: number;
  /** Delay before retry number `attempt` (1-based); default 1 s doubling, capped at 5 min. */
  backoffMs?: (attempt: number) => number;
  /** Called once when a timer is given up after `maxAttempts` failed runs. */
  onError?: (err: unknown, timer: TimerRecord) => void;
  /** Called after a handler ran successfully (metrics). */
  onFired?: (timer: TimerRecord) => void;
  /** Called when a scheduled tick fails as a whole (e.g. the database is unavailable); default console.error. */
  onTickError?: (err: unknown) => void;
  /** Seconds between the safety sweeps (node-cron) while started, 1–59; default 5. */
  sweepSeconds?: number;
  /** The timer functions the wake-up uses (tests pass fakes to see the delays); default Node's. */
  timerFunctions?: TimerFunctions;
}
