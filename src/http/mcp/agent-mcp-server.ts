import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { AgentDoor, AgentIdentity } from '../../services/agents/agent-door.js';
import type { AgentRefusal, AgentTokens } from '../../services/agents/agent-tokens.js';
import { scopeRefusal } from '../../services/agents/scope-refusal.js';
import { AGENT_API_VERSION } from '../api/openapi-document.js';
import { AGENT_TOOLS, type AgentTool } from './agent-mcp-tools.js';

/** What one MCP request of an agent runs on. */
export interface AgentMcpServerOptions {
  readonly door: AgentDoor;
  readonly tokens: AgentTokens;
  readonly identity: AgentIdentity;
  /** Aborts when agents are suspended while the request runs. */
  readonly signal: AbortSignal;
}

const INSTRUCTIONS =
  'Shipgate runs production deploys, rollbacks and incidents with people in charge. As an agent you may read ' +
  'deploys, watch samples and incidents, recommend continue, pause or rollback, add timeline notes, raise alerts ' +
  'and attach analyses. You cannot deploy, approve, roll back, resolve incidents, change configuration, read ' +
  'secrets or stop monitoring: a human decides and acts on your recommendations.';

/** A tool error an agent can read: the refusal as JSON (`error`, `reason`, `rule` when the boundary refused). */
function refused(refusal: AgentRefusal): CallToolResult {
  const { error, reason, rule } = refusal;
  return {
    isError: true,
    content: [{ type: 'text', text: JSON.stringify(rule ? { error, reason, rule } : { error, reason }) }],
  };
}

async function run(options: AgentMcpServerOptions, tool: AgentTool, args: unknown): Promise<CallToolResult> {
  const refusal =
    (await options.tokens.refusalIfSuspended(options.signal)) ?? scopeRefusal(options.identity, tool.scope);
  if (refusal) return refused(refusal);
  const result = await tool.call(options.door, options.identity, args as never);
  if (!result.ok) return refused(result);
  const value = tool.output.parse(result.value);
  return { content: [{ type: 'text', text: JSON.stringify(value, null, 2) }] };
}

/**
 * The MCP server of one agent request (stateless: built per request for the token's agent). Every tool of
 * {@link AGENT_TOOLS} is listed whatever the token's scopes, so an agent learns what exists; a tool whose scope the
 * token lacks answers a tool error naming OB-SCOPE-1, as the API answers 403. Right before acting, each call checks
 * that agents were not suspended meanwhile.
 */
export function agentMcpServer(options: AgentMcpServerOptions): McpServer {
  const server = new McpServer(
    { name: 'shipgate', version: AGENT_API_VERSION },
    { instructions: INSTRUCTIONS },
  );
  for (const tool of AGENT_TOOLS)
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: tool.input,
        annotations: { readOnlyHint: tool.readOnly, destructiveHint: false, openWorldHint: false },
      },
      (args: unknown) => run(options, tool, args),
    );
  return server;
}
