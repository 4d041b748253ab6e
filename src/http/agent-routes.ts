import type { Logger } from 'pino';
import type { AgentDoor } from '../services/agents/agent-door.js';
import type { AgentTokens } from '../services/agents/agent-tokens.js';
import { agentApiRoute } from './api/agent-api-route.js';
import { agentGate } from './api/agent-gate.js';
import { API_PREFIX } from './api/openapi-document.js';
import type { RouteHandler } from './create-http-server.js';
import { agentMcpRoute, MCP_PATH } from './mcp/agent-mcp-route.js';

/** Inputs of the agent routes. */
export interface AgentRoutesOptions {
  readonly door: AgentDoor;
  readonly tokens: AgentTokens;
  /** Requests a minute per token, over the API and the MCP server together (`agents.rate_limit`). */
  readonly rateLimit: number;
  readonly logger: Logger;
}

/** The path prefixes of the agent door, `/api/v1` and `/mcp`, sharing one gate (tokens, rate limit, suspension). */
export function agentRoutes(options: AgentRoutesOptions): Record<string, RouteHandler> {
  const gate = agentGate({ tokens: options.tokens, rateLimit: options.rateLimit });
  const shared = { door: options.door, tokens: options.tokens, gate, logger: options.logger };
  return { [API_PREFIX]: agentApiRoute(shared), [MCP_PATH]: agentMcpRoute(shared) };
}
