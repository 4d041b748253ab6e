import type { ServerResponse } from 'node:http';
import type { AgentRefusal } from '../../services/agents/agent-tokens.js';
import type { ApiError } from './api-schemas.js';

const STATUS_ERRORS: Record<number, ApiError['error']> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'too_large',
  429: 'too_many_requests',
  500: 'internal',
};

/** Answers `status` with `body` as JSON (no caching: every answer is about now). */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

/**
 * Answers an error as `{ error, reason, rule?, field? }`; a `401` carries `WWW-Authenticate: Bearer`, as every
 * agent route takes a bearer token.
 */
export function sendError(
  res: ServerResponse,
  status: keyof typeof STATUS_ERRORS,
  reason: string,
  extra: { rule?: string | undefined; field?: string | undefined; headers?: Record<string, string> } = {},
): void {
  const body: ApiError = { error: STATUS_ERRORS[status] ?? 'internal', reason };
  if (extra.rule) body.rule = extra.rule;
  if (extra.field !== undefined) body.field = extra.field;
  const headers = { ...(status === 401 ? { 'www-authenticate': 'Bearer' } : {}), ...extra.headers };
  sendJson(res, status, body, headers);
}

/** Answers a refusal of the agent door (or of the token service) with its own status, error, reason and rule. */
export function sendRefusal(res: ServerResponse, refusal: AgentRefusal): void {
  const body: ApiError = { error: refusal.error, reason: refusal.reason };
  if (refusal.rule) body.rule = refusal.rule;
  sendJson(res, refusal.status, body, refusal.status === 401 ? { 'www-authenticate': 'Bearer' } : {});
}
