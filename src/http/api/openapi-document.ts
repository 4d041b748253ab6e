import {
  OpenAPIRegistry,
  OpenApiGeneratorV31,
  type ResponseConfig,
  type RouteConfig,
} from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { AGENT_SCOPES } from '../../services/agents/agent-door.js';
import { SCOPE_RULE } from '../../services/agents/scope-refusal.js';
import { API_ROUTES, type ApiRoute } from './api-routes.js';
import { apiErrorSchema, idParamsSchema } from './api-schemas.js';
import { AGENT_MAX_BODY_BYTES } from './read-agent-body.js';

/** Where the agent API lives on Shipgate's HTTP server. */
export const API_PREFIX = '/api/v1';

/** The version of the agent API's contract (the OpenAPI document's and the MCP server's). */
export const AGENT_API_VERSION = '1.0.0';

const SECURITY = 'agentToken';

const error = (description: string): ResponseConfig => ({
  description,
  content: { 'application/json': { schema: apiErrorSchema } },
});

/** The error answers a route can give, besides its success. */
function errorResponses(route: ApiRoute): Record<string, ResponseConfig> {
  const hasBody = route.body !== undefined;
  const responses: Record<string, ResponseConfig> = {
    400: error('The request is malformed: `field` names the part (a dotted path, `body` for the whole body)'),
    401: error('No token, or an unknown, revoked or suspended one (with `WWW-Authenticate: Bearer`)'),
    403: error(
      route.scope
        ? `The token lacks the ${route.scope} scope (${SCOPE_RULE}), or the oversight boundary refuses (its rule)`
        : 'Always: the oversight boundary refuses this action to agents (`rule` names the boundary rule)',
    ),
    404: error('No such route, or no such deploy or incident (or one this token may not see)'),
  };
  if (route.method !== 'GET')
    responses[409] = error('The deploy or incident is not in a state that allows it');
  if (hasBody) responses[413] = error(`The body is larger than ${AGENT_MAX_BODY_BYTES} bytes`);
  responses[429] = {
    ...error('Too many requests for this token this minute (`agents.rate_limit`)'),
    headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } },
  };
  return responses;
}

function pathConfig(route: ApiRoute): RouteConfig {
  const request: NonNullable<RouteConfig['request']> = {};
  if (route.path.includes('{id}')) request.params = idParamsSchema;
  if (route.query instanceof z.ZodObject) request.query = route.query;
  if (route.body)
    request.body = {
      required: route.scope !== undefined,
      content: { 'application/json': { schema: route.body } },
    };
  const responses: Record<string, ResponseConfig> = {};
  if (route.success)
    responses[route.success.status] = {
      description: route.success.description,
      content: { 'application/json': { schema: route.success.schema } },
    };
  return {
    method: route.method.toLowerCase() as RouteConfig['method'],
    path: `${API_PREFIX}${route.path}`,
    operationId: route.operationId,
    summary: route.summary,
    description: route.scope ? `${route.description} Needs the ${route.scope} scope.` : route.description,
    tags: [route.scope ? 'permitted' : 'forbidden'],
    security: [{ [SECURITY]: [] }],
    request,
    responses: { ...responses, ...errorResponses(route) },
  };
}

/** Builds the OpenAPI 3.1 document of `/api/v1` from the route table and its zod schemas. */
function buildDocument(): Record<string, unknown> {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', SECURITY, {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'sgp_…',
    description: `An agent token from \`npx shipgate agent add <name>\`, with some of the scopes ${AGENT_SCOPES.join(', ')}.`,
  });
  for (const route of API_ROUTES) registry.registerPath(pathConfig(route));
  registry.registerPath({
    method: 'get',
    path: `${API_PREFIX}/openapi.json`,
    operationId: 'openapi',
    summary: 'This document',
    security: [],
    responses: { 200: { description: 'The OpenAPI document of the agent API' } },
  });
  const document = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Shipgate agent API',
      version: AGENT_API_VERSION,
      description:
        'What AI agents may do in Shipgate: read deploys, watches and incidents, recommend, annotate, alert and ' +
        'attach analysis. Deploys, approvals, rollbacks, resolutions, configuration, secrets and stopping a ' +
        'watch stay with people: those routes exist only to answer 403 with the oversight boundary rule.',
    },
    tags: [
      { name: 'permitted', description: 'What agents may do, each with the scope it needs' },
      { name: 'forbidden', description: 'What only people may do: always 403' },
    ],
  });
  return document as unknown as Record<string, unknown>;
}

let cached: Record<string, unknown> | undefined;

/** The OpenAPI document served at `GET /api/v1/openapi.json` (built once). */
export function agentOpenApiDocument(): Record<string, unknown> {
  cached ??= buildDocument();
  return cached;
}
