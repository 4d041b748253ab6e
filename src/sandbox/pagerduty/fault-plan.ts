import { REST_ERROR_CODES, restFailure } from './rest-errors.js';

/** A failure to answer on a path instead of the real answer. */
export interface FailureSpec {
  /** HTTP status to answer with (e.g. 429, 500, 503). Ignored with `drop`. */
  readonly status?: number;
  /** Seconds, sent as `Retry-After`. */
  readonly retryAfter?: number;
  /** How many requests fail (default: every request until `clearFaults`). */
  readonly times?: number;
  /** Close the connection without answering (a network failure). */
  readonly drop?: boolean;
  /**
   * Repeat what the request carried in the error (its body, its Authorization header), as a misconfigured upstream
   * or proxy does: the routing key or token comes back in the error text.
   */
  readonly echo?: boolean;
}

/** What an echoing failure repeats from the request. */
export interface EchoedRequest {
  readonly body: string;
  readonly authorization: string | undefined;
}

interface Armed<T> {
  readonly path: string;
  readonly value: T;
  remaining: number;
}

/** What to do to one request: fail it and/or answer it late. */
export interface FaultDecision {
  readonly failure: FailureSpec | undefined;
  readonly delayMs: number;
}

function arm<T>(list: Armed<T>[], path: string, value: T, times: number | undefined): void {
  const remaining = times ?? Number.POSITIVE_INFINITY;
  if (!(remaining > 0)) throw new Error(`times must be positive, got ${times}`);
  list.push({ path, value, remaining });
}

function take<T>(list: Armed<T>[], paths: readonly string[]): T | undefined {
  const index = list.findIndex((a) => a.path === '*' || paths.includes(a.path));
  const armed = list[index];
  if (!armed) return undefined;
  armed.remaining -= 1;
  if (armed.remaining <= 0) list.splice(index, 1);
  return armed.value;
}

/**
 * Failures and slowness armed per path. A path is matched as the route template (`/users/{id}`), the concrete
 * path (`/users/PABC`) or `*`; each armed fault fires on the next matching requests until its `times` run out.
 */
export class FaultPlan {
  private failures: Armed<FailureSpec>[] = [];
  private delays: Armed<number>[] = [];

  /** Arms a failure. */
  fail(path: string, spec: FailureSpec): void {
    if (!spec.drop && (spec.status === undefined || spec.status < 400 || spec.status > 599)) {
      throw new Error(`fail() needs an HTTP error status (4xx/5xx) or drop, got ${spec.status}`);
    }
    arm(this.failures, path, spec, spec.times);
  }

  /** Arms a delay of `ms` before answering. */
  slow(path: string, ms: number, times?: number): void {
    if (!(ms >= 0)) throw new Error(`ms must be >= 0, got ${ms}`);
    arm(this.delays, path, ms, times);
  }

  /** Takes what applies to a request on `paths` (its template and concrete path). */
  take(paths: readonly string[]): FaultDecision {
    return { delayMs: take(this.delays, paths) ?? 0, failure: take(this.failures, paths) };
  }

  /** Disarms everything. */
  clear(): void {
    this.failures = [];
    this.delays = [];
  }
}

/**
 * The answer to an injected failure: `Retry-After` when asked for, and the body shape of the API hit — PagerDuty's
 * REST error object, or the Events API's `{ status, message, errors }` — echoing the request when asked.
 */
export function failureAnswer(eventsApi: boolean, failure: FailureSpec, request?: EchoedRequest) {
  const status = failure.status ?? 500;
  const headers: Record<string, string> =
    failure.retryAfter !== undefined ? { 'Retry-After': String(failure.retryAfter) } : {};
  const message = status === 429 ? 'Too Many Requests' : `Injected failure (HTTP ${status})`;
  const echo = failure.echo && request;
  if (eventsApi) {
    const errors = echo ? [`could not process event ${request.body}`] : [];
    return { status, headers, body: { status: 'error', message, errors } };
  }
  const said = echo ? `${message} for ${request.authorization ?? 'no Authorization header'}` : message;
  return { ...restFailure(status, REST_ERROR_CODES.internal, said), headers };
}
