import type { TimerRecord } from '../../core/timer-record.js';

/** Runs when a timer of one kind comes due. Throwing (or rejecting) asks for a retry after a backoff. */
export type TimerHandler = (timer: TimerRecord) => void | Promise<void>;

/**
 * Durable deadlines: every approval timeout, severity clock, reminder and queued side effect is a stored timer that
 * survives restarts and fires once by claim. Arming is synchronous so it joins the caller's transaction.
 */
export interface Timers {
  arm(kind: string, subject: string, dueAt: Date, payload?: Record<string, unknown>): number;
  cancel(id: number): boolean;
  cancelFor(subject: string, kind?: string): number;
  on(kind: string, handler: TimerHandler): void;
  /** Pending timers (all, or about `subject`), soonest first. */
  pending(subject?: string): TimerRecord[];
  /** Fires what is due now; resolves with how many ran. */
  tick(): Promise<number>;
}
