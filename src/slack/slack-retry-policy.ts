import type { TimerPolicy } from '../services/ports/timers.js';

/** Slack platform errors (HTTP 200, `ok: false`) that mean "try again later" rather than "this will never work". */
const TRANSIENT_PLATFORM_ERRORS = new Set([
  'ratelimited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);

/** Runs of a Slack side effect that fails with an error no retry is known to fix, before it is given up. */
const OTHER_FAILURE_ATTEMPTS = 10;

/**
 * Whether a failed Slack call is worth retrying for hours: 5xx answers, 429s, timeouts and network errors, the
 * platform errors above, and Shipgate's own waits (a thread reply whose parent is not posted yet). Other platform
 * errors and 4xx answers are not: they would fail the same way again.
 */
export function isTransientSlackFailure(err: unknown): boolean {
  const e = err as { code?: string; statusCode?: number; data?: { error?: string } } | null;
  const code = e?.data?.error;
  if (code) return TRANSIENT_PLATFORM_ERRORS.has(code);
  if (e?.code === 'slack_webapi_http_error' && typeof e.statusCode === 'number')
    return e.statusCode === 429 || e.statusCode >= 500;
  return true;
}

/**
 * The retry policy of Slack side effects (`slack.call`, `slack.sync`, `slack.thread`): a transient failure is
 * retried with the scheduler's capped backoff (1 s doubling to 5 min, longer when Slack's `Retry-After` asks) for
 * as long as `retryForMs` from when the effect was queued; anything else gets 10 runs. A live message drawn after a
 * long outage shows the state stored then, never a stale one.
 */
export function slackDeliveryPolicy(retryForMs: number, now: () => Date): TimerPolicy {
  return {
    keepTrying: (timer, err) =>
      isTransientSlackFailure(err)
        ? now().getTime() - timer.createdAt.getTime() < retryForMs
        : timer.attempts < OTHER_FAILURE_ATTEMPTS,
  };
}
