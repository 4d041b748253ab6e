/** 1 s, 2 s, 4 s … capped at 5 minutes. */
export function defaultBackoffMs(attempt: number): number {
  return Math.min(1000 * 2 ** Math.max(0, attempt - 1), 5 * 60 * 1000);
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
