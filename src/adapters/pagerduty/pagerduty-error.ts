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
  /** How long to wait before trying again; undefined when retrying the same call cannot help (400, 401, 404…). */
  readonly retryAfterMs?: number | undefined;
  readonly cause?: unknown;
}

/**
 * A PagerDuty call that failed: an HTTP error, a network failure or timeout, or missing configuration. The message
 * is readable on its own; `retryAfterMs` is set when a later retry may succeed (429, 5xx, network), which
 * Shipgate's durable timers honour.
 */
export class PagerDutyError extends Error {
  override readonly name = 'PagerDutyError';
  readonly api: PagerDutyApi;
  readonly status: number | undefined;
  readonly code: number | undefined;
  readonly details: readonly string[];
  readonly retryAfterMs: number | undefined;

  constructor(message: string, init: PagerDutyErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.api = init.api;
    this.status = init.status;
    this.code = init.code;
    this.details = init.details ?? [];
    this.retryAfterMs = init.retryAfterMs;
  }

  /** True when trying again later may succeed. */
  get retryable(): boolean {
    return this.retryAfterMs !== undefined;
  }
}

/** Waits used when PagerDuty asks for a retry without saying how long (Events API docs: "retry after some time"). */
export const DEFAULT_RETRY_AFTER_MS = { rateLimited: 60_000, unavailable: 30_000 } as const;

/**
 * Milliseconds to wait from a `Retry-After` header (delta-seconds or an HTTP date), or `fallbackMs` when the
 * header is missing or unreadable.
 */
export function parseRetryAfter(
  header: string | null | undefined,
  nowMs: number,
  fallbackMs: number,
): number {
  if (!header) return fallbackMs;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isFinite(at) ? Math.max(0, at - nowMs) : fallbackMs;
}

/** The wait for a failed HTTP status: `Retry-After` (or a default) for 429 and 5xx, undefined otherwise. */
export function retryAfterForStatus(
  status: number,
  header: string | null | undefined,
  nowMs: number,
): number | undefined {
  if (status === 429) return parseRetryAfter(header, nowMs, DEFAULT_RETRY_AFTER_MS.rateLimited);
  if (status >= 500) return parseRetryAfter(header, nowMs, DEFAULT_RETRY_AFTER_MS.unavailable);
  return undefined;
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
