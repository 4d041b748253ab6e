import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { isJSONRPCRequest, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { Command } from 'commander';

/** Where the bridge forwards to and with which token. */
export interface McpBridgeOptions {
  /** The running Shipgate's MCP endpoint, e.g. http://127.0.0.1:3000/mcp. */
  readonly url: URL;
  readonly token: string;
  /** Where problems are told (never stdout, which carries the protocol). */
  readonly log: (line: string) => void;
}

/**
 * Serves MCP on stdio by forwarding every message to a running Shipgate's `/mcp` with the agent token, and every
 * answer back. A message the server could not be reached for, or refused (401, 429, 413), is answered to the local
 * client as a JSON-RPC error carrying Shipgate's reason. Resolves once stdin closes.
 */
export async function bridgeStdioToMcp(options: McpBridgeOptions): Promise<void> {
  const local = new StdioServerTransport();
  const remote = new StreamableHTTPClientTransport(options.url, {
    requestInit: { headers: { authorization: `Bearer ${options.token}` } },
  });
  const closed = new Promise<void>((resolve) => {
    local.onclose = () => {
      void remote.close();
      resolve();
    };
  });
  local.onmessage = (message: JSONRPCMessage) => {
    remote.send(message).catch((err: unknown) => {
      const reason = err instanceof Error ? err.message : String(err);
      options.log(`shipgate mcp: ${reason}`);
      if (isJSONRPCRequest(message))
        void local.send({ jsonrpc: '2.0', id: message.id, error: { code: -32000, message: reason } });
    });
  };
  local.onerror = (err) => options.log(`shipgate mcp: ${err.message}`);
  remote.onmessage = (message) => void local.send(message);
  remote.onerror = (err) => options.log(`shipgate mcp: ${err.message}`);
  await remote.start();
  await local.start();
  process.stdin.once('end', () => void local.close());
  await closed;
}

/** The MCP endpoint when `--url` is not given: `$SHIPGATE_URL/mcp`, else this host's `$PORT` (3000). */
export function defaultMcpUrl(env: NodeJS.ProcessEnv): string {
  if (env.SHIPGATE_URL?.trim()) return `${env.SHIPGATE_URL.trim().replace(/\/+$/, '')}/mcp`;
  return `http://127.0.0.1:${env.PORT?.trim() || '3000'}/mcp`;
}

/**
 * `shipgate mcp [--url URL] [--token-env NAME | --token TOKEN]`: Shipgate's MCP tools on stdio for a local agent
 * (Claude Desktop, an IDE), bridged to a running Shipgate, so every call passes the same door as `/mcp`: token,
 * rate limit, suspension and the oversight boundary.
 */
export function mcpCliCommand(): Command {
  return new Command('mcp')
    .description("serve Shipgate's MCP tools on stdio, forwarding to a running Shipgate's /mcp")
    .option('--url <url>', 'the MCP endpoint (default: $SHIPGATE_URL/mcp, else http://127.0.0.1:$PORT/mcp)')
    .option('--token-env <name>', 'the environment variable holding the agent token', 'SHIPGATE_AGENT_TOKEN')
    .option('--token <token>', 'the agent token itself (shows in the process list: prefer --token-env)')
    .action(async (options: { url?: string; tokenEnv: string; token?: string }) => {
      const log = (line: string) => process.stderr.write(`${line}\n`);
      const token = options.token ?? process.env[options.tokenEnv]?.trim();
      if (!token) {
        log(
          `shipgate mcp: no agent token: set ${options.tokenEnv} (npx shipgate agent add <name> prints one)`,
        );
        process.exitCode = 2;
        return;
      }
      let url: URL;
      try {
        url = new URL(options.url ?? defaultMcpUrl(process.env));
      } catch {
        log(`shipgate mcp: --url ${options.url}: expected a URL such as http://127.0.0.1:3000/mcp`);
        process.exitCode = 2;
        return;
      }
      await bridgeStdioToMcp({ url, token, log });
    });
}
