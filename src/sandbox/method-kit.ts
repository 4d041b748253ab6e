import type { WorkspaceState } from './workspace-state.js';

/** Arguments of one Web API call: form values are strings, JSON bodies may carry objects. */
export type Args = Record<string, unknown>;

/** A Web API answer before it is serialised: `{ ok: true, ... }` or `{ ok: false, error, ... }`. */
export type ApiResult = { ok: boolean; error?: string; [key: string]: unknown };

/** What a method handler may use besides its arguments. */
export interface MethodContext {
  readonly state: WorkspaceState;
  /** The user id behind the token (the bot user). */
  readonly caller: string;
  /** Base URL of the stand-in (`http://127.0.0.1:PORT`), for upload URLs. */
  readonly baseUrl: string;
  /** The errors this method's spec lists. */
  readonly errors: ReadonlySet<string>;
}

/**
 * Errors every Slack method may return (the "standard errors" on each docs.slack.dev method page), plus
 * `unknown_method` and `missing_argument` which the stand-in's router uses for any method.
 */
export const COMMON_ERRORS: ReadonlySet<string> = new Set([
  'not_authed',
  'invalid_auth',
  'access_denied',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'no_permission',
  'org_login_required',
  'ekm_access_denied',
  'missing_scope',
  'invalid_arguments',
  'invalid_arg_name',
  'invalid_array_arg',
  'invalid_charset',
  'invalid_form_data',
  'invalid_post_type',
  'missing_post_type',
  'team_added_to_org',
  'ratelimited',
  'accesslimited',
  'request_timeout',
  'service_unavailable',
  'fatal_error',
  'internal_error',
  'invalid_json',
  'json_not_object',
  'not_allowed_token_type',
  'unknown_method',
  'missing_argument',
]);

/** True when `error` is one the method may answer with: in its spec's list or a standard error. */
export function isAllowedError(errors: ReadonlySet<string>, error: string): boolean {
  return errors.has(error) || COMMON_ERRORS.has(error);
}

/** The first candidate error the method's spec lists, else `invalid_arguments` (a standard error). */
export function pickError(errors: ReadonlySet<string>, ...candidates: string[]): string {
  return candidates.find((c) => errors.has(c)) ?? 'invalid_arguments';
}

/** One Web API method implementation; errors it returns must be in the method's spec. */
export type MethodHandler = (args: Args, ctx: MethodContext) => ApiResult;

/** A success answer. */
export function ok(body: Record<string, unknown> = {}): ApiResult {
  return { ok: true, ...body };
}

/** A failure answer with Slack's error code and optional extra fields (e.g. response_metadata). */
export function fail(error: string, extra: Record<string, unknown> = {}): ApiResult {
  return { ok: false, error, ...extra };
}

/** A failure carrying Slack's `response_metadata.messages` explanation lines. */
export function failWithMessages(error: string, messages: string[]): ApiResult {
  return fail(error, { response_metadata: { messages } });
}

/** A string argument (numbers and booleans are stringified, as a form body would carry them). */
export function str(args: Args, key: string): string | undefined {
  const value = args[key];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** A boolean argument: `true`, `"true"` or `"1"`. */
export function bool(args: Args, key: string): boolean {
  const value = args[key];
  return value === true || value === 'true' || value === '1' || value === 1;
}

/** A JSON-valued argument (`blocks`, `view`, `files`...): parsed from a string, or taken as sent in a JSON body. */
export function jsonArg(args: Args, key: string): { present: boolean; value?: unknown; invalid?: true } {
  const raw = args[key];
  if (raw === undefined || raw === null || raw === '') return { present: false };
  if (typeof raw !== 'string') return { present: true, value: raw };
  try {
    return { present: true, value: JSON.parse(raw) as unknown };
  } catch {
    return { present: true, invalid: true };
  }
}
