import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { AgentDoor } from '../../services/agents/agent-door.js';
import type { AgentTokens } from '../../services/agents/agent-tokens.js';
import { scopeRefusal } from '../../services/agents/scope-refusal.js';
import type { RouteHandler } from '../create-http-server.js';
import type { AgentGate } from './agent-gate.js';
import { sendError, sendJson, sendRefusal } from './api-answers.js';
import type { ApiRoute } from './api-routes.js';
import { idParamsSchema } from './api-schemas.js';
import { matchApiRoute } from './match-api-route.js';
import { API_PREFIX, agentOpenApiDocument } from './openapi-document.js';
import { readAgentBody } from './read-agent-body.js';
import { zodFieldError } from './zod-field-error.js';

/** Inputs of the agent API. */
export interface AgentApiOptions {
  /** What agents may ask of Shipgate (the services behind it apply the oversight boundary). */
  readonly door: AgentDoor;
  readonly tokens: AgentTokens;
  readonly gate: AgentGate;
  readonly logger: Logger;
}

/**
 * `/api/v1` (issue #11): JSON over HTTP for AI agents holding an agent token. Per request: the route (`404`, `405`
 * with `Allow`), the token and rate limit (`401`, `429`), the route's scope (`403` OB-SCOPE-1; forbidden routes need
 * none, so the boundary answers), the path, query and body (`400` naming the field, `413` past 64 KiB), then — right
 * before acting — whether agents were suspended meanwhile (`401`). The door's refusals keep their status and rule.
 * `GET /api/v1/openapi.json` needs no token. Whatever throws is answered `500` as JSON; nothing reaches the process.
 */
export function agentApiRoute(options: AgentApiOptions): RouteHandler {
  const { logger } = options;
  return async (req, res) => {
    try {
      await serve(options, req, res);
    } catch (err) {
      logger.error({ err, method: req.method, url: req.url }, 'agent API request failed');
      if (!res.headersSent) sendError(res, 500, 'internal error');
      else res.destroy();
    }
  };
}

async function serve(options: AgentApiOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname.slice(API_PREFIX.length);
  const method = req.method ?? 'GET';
  if (path === '/openapi.json') {
    if (method === 'GET') return sendJson(res, 200, agentOpenApiDocument());
    return sendError(res, 405, `${method} is not served here; use GET`, { headers: { allow: 'GET' } });
  }
  const match = matchApiRoute(method, path);
  if (match.kind === 'none') return sendError(res, 404, `no route ${method} ${url.pathname}`);
  if (match.kind === 'method')
    return sendError(res, 405, `${method} is not served at ${url.pathname}; use ${match.allow.join(', ')}`, {
      headers: { allow: match.allow.join(', ') },
    });
  const { route } = match;
  const agent = await options.gate(req, res);
  if (!agent) return;
  const missing = route.scope && scopeRefusal(agent.identity, route.scope);
  if (missing) return sendRefusal(res, missing);
  if (route.path.includes('{id}')) {
    const id = idParamsSchema.safeParse({ id: match.id });
    if (!id.success) return sendError(res, 400, zodFieldError(id.error, 'id').reason, { field: 'id' });
  }
  const query = parseQuery(route, url.searchParams);
  if (!query.ok) return sendError(res, 400, query.reason, { field: query.field });
  let body: unknown;
  if (route.body) {
    const read = await readAgentBody(req, res, agent.signal);
    if (!read.ok) return;
    const parsed = route.body.safeParse(read.value);
    if (!parsed.success) {
      const problem = zodFieldError(parsed.error, 'body');
      return sendError(res, 400, problem.reason, { field: problem.field });
    }
    body = parsed.data;
  }
  const suspended = await options.tokens.refusalIfSuspended(agent.signal);
  if (suspended) return sendRefusal(res, suspended);
  const result = await route.call(options.door, agent.identity, { id: match.id, query: query.value, body });
  if (!result.ok) return sendRefusal(res, result);
  answer(options.logger, res, route, result.value);
}

function parseQuery(
  route: ApiRoute,
  params: URLSearchParams,
): { ok: true; value: unknown } | { ok: false; field: string; reason: string } {
  if (!route.query) return { ok: true, value: undefined };
  const parsed = route.query.safeParse(Object.fromEntries(params));
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, ...zodFieldError(parsed.error, 'query') };
}

/** Answers the door's value through the route's response schema, which keeps only the fields the contract names. */
function answer(logger: Logger, res: ServerResponse, route: ApiRoute, value: unknown): void {
  const checked = route.success?.schema.safeParse(value);
  if (!route.success || !checked?.success) {
    logger.error(
      { route: `${route.method} ${route.path}`, problem: checked?.error?.issues[0] },
      'the agent door answered outside the API contract',
    );
    sendError(res, 500, 'internal error');
    return;
  }
  sendJson(res, route.success.status, checked.data);
}
