import type { TimerRecord } from '../../core/timer-record.js';

/** Runs when a timer of one kind comes due. Throwing (or rejecting) asks for a retry after a backoff. */
export type TimerHandler = (timer: TimerRecord) => void | Promise<void>;

/**
 * How the timers of one kind are retried when their handler throws or rejects; every field is optional and kinds
 * registered without a policy keep the service's defaults (10 runs, 1 s doubling up to 5 minutes).
 *
 * After a failed run the timer is due again after `backoffMs(attempt)` (capped at 5 minutes), or after the wait
 * the error asks for when that is longer (`retryAfterMs` in ms, or the Slack SDK's `retryAfter` in seconds, as a
 * 429 carries). Once it is given up it is marked fired with its last error kept, and the service's `onError` is
 * called once.
 */
export interface TimerPolicy {
  /** Runs before a failing timer is given up (at least 1); ignored when `keepTrying` is given. */
  readonly maxAttempts?: number;
  /** The wait before retry number `attempt` (1 after the first failure), capped at 5 minutes. */
  readonly backoffMs?: (attempt: number) => number;
  /**
   * Asked after every failed run, instead of counting runs against `maxAttempts`: true retries the timer (after
   * the backoff), false gives it up. `timer.attempts` counts the failed runs including this one. If it throws, the
   * throw is reported and `maxAttempts` decides.
   */
  readonly keepTrying?: (timer: TimerRecord, err: unknown) => boolean;
}

/**
 * Durable deadlines: every approval timeout, severity clock, reminder and queued side effect is a stored timer that
 * survives restarts and fires once by claim. Arming is synchronous so it joins the caller's transaction.
 *
 * Handlers of timers about different subjects run at the same time (up to a bound per kind and overall); the
 * timers of one subject run one at a time, in due order, so a subject's steps never overtake each other. A failed
 * timer is due again after its backoff and does not hold up the subject's later timers meanwhile.
 */
export interface Timers {
  /** Arms a timer of `kind` about `subject` for `dueAt`; returns its id. */
  arm(kind: string, subject: string, dueAt: Date, payload?: Record<string, unknown>): Promise<number>;
  /**
   * Arms a follow-up of `current`, the timer whose handler is running (a pipeline's next step, the next sample),
   * only while this process's claim on `current` still holds: a handler whose lease was lost (its replica stalled
   * past it and another took the timer over, arming the follow-up itself) arms nothing and its run fails, so a
   * chain of timers is never doubled. Returns the new timer's id.
   */
  armNext(
    current: TimerRecord,
    kind: string,
    subject: string,
    dueAt: Date,
    payload?: Record<string, unknown>,
  ): Promise<number>;
  /**
   * Joins a pending timer of `kind` about `subject` with exactly `payload` that no scheduler has claimed yet (true),
   * holding it until the caller's transaction ends so it runs on the committed state; false when there is none (a
   * claimed one may have read the state already), and the caller arms a new one. "One timer however often it is
   * asked for", safe across connections and replicas.
   */
  joinPending(kind: string, subject: string, payload?: Record<string, unknown>): Promise<boolean>;
  /**
   * Cancels one pending timer; false if it already fired, was cancelled or does not exist. A timer whose handler is
   * running in this process is firing and is not cancelled (false): a handler may re-plan its subject's timers,
   * its own among them, and still be recorded as fired.
   */
  cancel(id: number): Promise<boolean>;
  /**
   * Cancels the pending timers about `subject` (only those of `kind` if given), but the one whose handler is running
   * in this process; returns how many.
   */
  cancelFor(subject: string, kind?: string): Promise<number>;
  /**
   * Registers the one handler of `kind`, with an optional retry {@link TimerPolicy} for its timers. Timers of a
   * kind without a handler stay pending.
   */
  on(kind: string, handler: TimerHandler, options?: TimerPolicy): void;
  /** Pending timers (all, or about `subject`), soonest first. */
  pending(subject?: string): Promise<TimerRecord[]>;
  /** Fires what is due now; resolves with how many ran. */
  tick(): Promise<number>;
}
