import type { Backlog } from '../store/timer-claims.js';
import type { TimerRecord } from '../store/timer-repository.js';
import type { ArmedSignals } from './armed-signals.js';
import type { TimerFunctions } from './wake-timer.js';

/** Tuning for a {@link TimerService}; every field has a production default. */
export interface TimerServiceOptions {
  /** Who holds a claim; default `host:pid:random`, unique per instance. */
  owner?: string;
  /** How long a claim lasts before another scheduler may take the timer over; default 60 s. */
  leaseMs?: number;
  /** Handler runs before a failing timer is given up, for kinds registered without a policy; default 10. */
  maxAttempts?: number;
  /** Delay before retry number `attempt` (1-based) for kinds without a policy; default 1 s doubling, capped at 5 min. */
  backoffMs?: (attempt: number) => number;
  /** Handlers running at the same time, all kinds together; default 32. */
  maxRunning?: number;
  /** Handlers of one kind running at the same time; default 8. */
  maxRunningPerKind?: number;
  /** Called once when a timer is given up after its policy's last failed run. */
  onError?: (err: unknown, timer: TimerRecord) => void;
  /** Called after a handler ran successfully (metrics). */
  onFired?: (timer: TimerRecord) => void;
  /**
   * Called when a handler's run ended but its claim no longer held, so its outcome was not recorded: its lease ran
   * out (this process stalled past it, or could not renew it, and another scheduler may have taken the timer over),
   * or the timer was cancelled elsewhere meanwhile. Worth a warning: a replica that stalls this long acts late.
   */
  onLeaseLost?: (timer: TimerRecord) => void;
  /** Called when a scheduled tick fails as a whole (e.g. the database is unavailable); default console.error. */
  onTickError?: (err: unknown) => void;
  /** Seconds between the safety sweeps (node-cron) while started, 1–59; default 5. */
  sweepSeconds?: number;
  /** The timer functions the wake-up uses (tests pass fakes to see the delays); default Node's. */
  timerFunctions?: TimerFunctions;
  /**
   * Whether `adoptStaleLeases` (called by `start()`) releases the leases other owners took before this service was
   * made. Default: on SQLite yes (one writer: a process starting on the file stands in for every earlier one), on
   * PostgreSQL no (the other owners may be live replicas running those timers; a dead replica's leases simply run
   * out after `leaseMs` and another replica claims its timers then).
   */
  adoptStaleLeases?: boolean;
  /**
   * Where to hear of timers armed by other schedulers on the same store (PostgreSQL: `postgresArmedSignals`), so
   * this one re-plans its wake-up at once; without it, they are found by the safety sweep.
   */
  armedSignals?: ArmedSignals;
}

/** A scheduler's own health, as /readyz and /metrics report it. */
export interface SchedulerHealth {
  /** Between `start()` and `stop()`. */
  readonly started: boolean;
  /**
   * `performance.now()` when it last looked for due timers. While started it looks at least every sweep (5 s),
   * whether or not handlers are running, so a value that stops moving means the scheduler is stuck.
   */
  readonly lookedAtMonotonicMs: number;
  /** Handlers running now. */
  readonly handlersRunning: number;
  /** Due timers of kinds with a handler not running: claimed and waiting for their turn, or not claimed yet. */
  readonly backlog: Backlog;
}
