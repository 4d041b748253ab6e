import type { TimerPolicy } from '../services/ports/timers.js';
import type { TimerRecord } from '../store/timer-repository.js';

/** The longest wait a backoff asks for between two runs of a failing timer: 5 minutes. */
export const MAX_BACKOFF_MS = 5 * 60 * 1000;

/** 1 s, 2 s, 4 s … capped at 5 minutes. */
export function defaultBackoffMs(attempt: number): number {
  return Math.min(1000 * 2 ** Math.max(0, attempt - 1), MAX_BACKOFF_MS);
}

/** A kind's retry policy with the service's defaults filled in. */
export interface ResolvedPolicy {
  readonly maxAttempts: number;
  readonly backoffMs: (attempt: number) => number;
  readonly keepTrying: ((timer: TimerRecord, err: unknown) => boolean) | undefined;
}

/** Fills a kind's options (if any) with the service-wide `defaults`; at least one attempt. */
export function resolvePolicy(
  options: TimerPolicy | undefined,
  defaults: { readonly maxAttempts: number; readonly backoffMs: (attempt: number) => number },
): ResolvedPolicy {
  return {
    maxAttempts: Math.max(1, options?.maxAttempts ?? defaults.maxAttempts),
    backoffMs: options?.backoffMs ?? defaults.backoffMs,
    keepTrying: options?.keepTrying,
  };
}

/**
 * How long to wait before run `attempt + 1` of a failed timer: the policy's backoff for `attempt` (capped at
 * {@link MAX_BACKOFF_MS}; a backoff that is not a finite number waits the cap), or longer when the error asks for it.
 */
export function retryDelayMs(policy: ResolvedPolicy, attempt: number, err: unknown): number {
  const backoff = policy.backoffMs(attempt);
  const capped = Number.isFinite(backoff) ? Math.min(Math.max(0, backoff), MAX_BACKOFF_MS) : MAX_BACKOFF_MS;
  const asked = retryAfterMs(err);
  return Math.max(capped, Number.isFinite(asked) ? asked : 0);
}

/**
 * A handler may say how long to wait before the next try (Slack's and PagerDuty's 429 carry `Retry-After`): an error
 * with a numeric `retryAfterMs`, or the Slack SDK's rate-limit error with `retryAfter` in seconds.
 */
export function retryAfterMs(err: unknown): number {
  if (typeof err !== 'object' || err === null) return 0;
  const e = err as { retryAfterMs?: unknown; retryAfter?: unknown };
  if (typeof e.retryAfterMs === 'number') return e.retryAfterMs;
  if (typeof e.retryAfter === 'number') return e.retryAfter * 1000;
  return 0;
}

/** The error as kept in the timer row's `last_error`: name and message, at most 2,000 characters. */
export function describeError(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text.slice(0, 2000);
}
