/** Which PagerDuty API a call went to. */
export type PagerDutyApi = 'rest' | 'events';

/** Fields of a `PagerDutyError`. */
export interface PagerDutyErrorInit {
  readonly api: PagerDutyApi;
  /** HTTP status; undefined when PagerDuty was not reached (network failure, timeout, not configured). */
  readonly status?: number | undefined;
  /** PagerDuty's REST error code (`error.code`, e.g. 2006 Authentication failed). */
  readonly code?: number | undefined;
  /** PagerDuty's detail strings (`error.errors` / the Events API's `errors`). */
  readonly details?: readonly string[];
  /** Whether trying the same call again later may succeed (429, 5xx, network); default: `retryAfterMs` is set. */
  readonly retryable?: boolean;
  /**
   * The least wait before trying again that PagerDuty asked for (`Retry-After`, or a minute for a 429 without
   * one); undefined leaves the wait to the caller's backoff.
   */
  readonly retryAfterMs?: number | undefined;
  readonly cause?: unknown;
}

/**
 * A PagerDuty call that failed: an HTTP error, a network failure or timeout, or missing configuration. The message
 * is readable on its own. `retryable` says whether a later retry may succeed (429, 5xx, network); `retryAfterMs` is
 * set only when PagerDuty asked for a wait, which Shipgate's durable timers honour on top of their own backoff
 * (1 s, 2 s, 4 s …), so a 5xx without `Retry-After` is tried again within seconds.
 */
export class PagerDutyError extends Error {
  override readonly name = 'PagerDutyError';
  readonly api: PagerDutyApi;
  readonly status: number | undefined;
  readonly code: number | undefined;
  readonly details: readonly string[];
  /** True when trying again later may succeed. */
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(message: string, init: PagerDutyErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.api = init.api;
    this.status = init.status;
    this.code = init.code;
    this.details = init.details ?? [];
    this.retryAfterMs = init.retryAfterMs;
    this.retryable = init.retryable ?? init.retryAfterMs !== undefined;
  }
}

/** The wait after a 429 that names no `Retry-After`: PagerDuty's rate limits are counted per minute. */
export const RATE_LIMIT_WAIT_MS = 60_000;

/** Whether and how long to wait before trying a failed PagerDuty call again. */
export interface RetryAdvice {
  readonly retryable: boolean;
  /** The least wait PagerDuty asked for; undefined leaves it to the caller's backoff. */
  readonly retryAfterMs: number | undefined;
}

/** A network failure or timeout: worth retrying, as soon as the caller's backoff allows. */
export const NETWORK_RETRY: RetryAdvice = { retryable: true, retryAfterMs: undefined };

/**
 * Milliseconds to wait from a `Retry-After` header (delta-seconds or an HTTP date), or undefined when the header is
 * missing or unreadable.
 */
export function parseRetryAfter(header: string | null | undefined, nowMs: number): number | undefined {
  if (!header) return undefined;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isFinite(at) ? Math.max(0, at - nowMs) : undefined;
}

/**
 * What a failed HTTP status means for retrying: 429 and 5xx are retryable and other statuses final (400, 401,
 * 404…). A `Retry-After` is honoured; without one a 429 waits a minute, and a 5xx leaves the wait to the caller's
 * backoff, so a short outage delays a page by seconds.
 */
export function retryAdviceForStatus(
  status: number,
  header: string | null | undefined,
  nowMs: number,
): RetryAdvice {
  if (status !== 429 && status < 500) return { retryable: false, retryAfterMs: undefined };
  const asked = parseRetryAfter(header, nowMs);
  return { retryable: true, retryAfterMs: asked ?? (status === 429 ? RATE_LIMIT_WAIT_MS : undefined) };
}

/** Describes a thrown network error (fetch's `TypeError: fetch failed` hides the reason in `cause`). */
export function describeNetworkError(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError')) {
    return `no answer within ${timeoutMs} ms`;
  }
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
    return `${err.message}${cause}`;
  }
  return String(err);
}
