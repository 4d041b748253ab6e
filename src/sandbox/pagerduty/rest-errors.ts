/**
 * PagerDuty's REST error body (`components.responses.Conflict` schema, reused by ArgumentError, Unauthorized and
 * TooManyRequests), with codes from PagerDuty/developer-docs `docs/rest-api/14-Errors.md`.
 */
export interface RestErrorBody {
  readonly error: { readonly code: number; readonly message: string; readonly errors: readonly string[] };
}

/** An HTTP status with PagerDuty's error body, as the stand-in answers it. */
export interface RestFailure {
  readonly status: number;
  readonly body: RestErrorBody;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Codes used by the stand-in (developer-docs 14-Errors.md). */
export const REST_ERROR_CODES = {
  internal: 2000,
  invalidInput: 2001,
  invalidDateRange: 2005,
  authenticationFailed: 2006,
  notFound: 2100,
} as const;

/** Builds a failure answer. */
export function restFailure(status: number, code: number, message: string, errors: readonly string[] = []) {
  return { status, body: { error: { code, message, errors } } } satisfies RestFailure;
}

/** 400 ArgumentError: "Caller provided invalid arguments". */
export function argumentError(...errors: string[]): RestFailure {
  return restFailure(400, REST_ERROR_CODES.invalidInput, 'Invalid Input Provided', errors);
}

/** 401 Unauthorized. */
export function unauthorized(detail: string): RestFailure {
  return restFailure(401, REST_ERROR_CODES.authenticationFailed, 'Authentication failed', [detail]);
}

/** 404 NotFound. */
export function notFound(detail: string): RestFailure {
  return restFailure(404, REST_ERROR_CODES.notFound, 'Not Found', [detail]);
}
