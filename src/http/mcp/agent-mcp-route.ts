import type { IncomingMessage, ServerResponse } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Logger } from 'pino';
import type { AgentDoor } from '../../services/agents/agent-door.js';
import type { AgentTokens } from '../../services/agents/agent-tokens.js';
import type { AgentGate } from '../api/agent-gate.js';
import { sendError } from '../api/api-answers.js';
import { readAgentBody } from '../api/read-agent-body.js';
import type { RouteHandler } from '../create-http-server.js';
import { agentMcpServer } from './agent-mcp-server.js';

/** Where the MCP server listens on Shipgate's HTTP server. */
export const MCP_PATH = '/mcp';

/** Inputs of the MCP route. */
export interface AgentMcpRouteOptions {
  readonly door: AgentDoor;
  readonly tokens: AgentTokens;
  readonly gate: AgentGate;
  readonly logger: Logger;
}

/**
 * `POST /mcp`: the MCP server over Streamable HTTP, stateless (no sessions; every POST carries its bearer token and
 * is answered as JSON), behind the same gate as `/api/v1`: token, rate limit, 64 KiB body, suspension. `GET` (a
 * standing event stream) and `DELETE` (ending a session) are answered `405`, as a stateless server has neither.
 */
export function agentMcpRoute(options: AgentMcpRouteOptions): RouteHandler {
  return async (req, res) => {
    try {
      await serve(options, req, res);
    } catch (err) {
      options.logger.error({ err }, 'MCP request failed');
      if (!res.headersSent) sendError(res, 500, 'internal error');
      else res.destroy();
    }
  };
}

async function serve(
  options: AgentMcpRouteOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (path !== MCP_PATH) return sendError(res, 404, `no route ${req.method} ${path}`);
  if (req.method !== 'POST')
    return sendError(res, 405, `${req.method} is not served at ${MCP_PATH} (stateless); use POST`, {
      headers: { allow: 'POST' },
    });
  const agent = await options.gate(req, res);
  if (!agent) return;
  const body = await readAgentBody(req, res, agent.signal);
  if (!body.ok) return;
  if (body.value === undefined) return sendError(res, 400, 'expected a JSON-RPC message', { field: 'body' });
  const server = agentMcpServer({
    door: options.door,
    tokens: options.tokens,
    identity: agent.identity,
    signal: agent.signal,
  });
  const transport = new StreamableHTTPServerTransport({ enableJsonResponse: true });
  res.once('close', () => {
    void transport.close();
    void server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res, body.value);
}
