import { resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentApiServer, startAgentApi } from '../../support/agent-api-server.js';
import { CHECKOUT_DEPLOY, RecordingAgentDoor } from '../../support/recording-agent-door.js';

let door: RecordingAgentDoor;
let api: AgentApiServer;

beforeAll(async () => {
  door = new RecordingAgentDoor();
  api = await startAgentApi(door);
});
afterAll(async () => {
  await api.stop();
});

/** The SDK's client talking to `npx shipgate mcp` over stdio, the way a local agent would start it. */
async function bridged(token: string): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [resolve('src/bin.js'), 'mcp', '--url', `${api.url}/mcp`],
    env: { ...(process.env as Record<string, string>), SHIPGATE_AGENT_TOKEN: token },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'local-agent', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

describe('shipgate mcp (stdio)', () => {
  it("forwards to the running Shipgate's /mcp with the token from the environment", async () => {
    const client = await bridged(await api.addAgent('desktop'));
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain('recommend');
      expect(tools.map((t) => t.name)).not.toContain('approve_deploy');
      const result = await client.callTool({
        name: 'get_deploy',
        arguments: { deploy_id: CHECKOUT_DEPLOY.id },
      });
      expect(result.isError).toBeFalsy();
      expect(door.calls).toEqual([{ method: 'deploy', agent: 'desktop', args: [CHECKOUT_DEPLOY.id] }]);
    } finally {
      await client.close();
    }
  });

  it("answers Shipgate's 401 as the error of the request it refused", async () => {
    const token = await api.addAgent('revoked-desktop');
    await api.tokens.revoke('revoked-desktop', { id: 'U0ALICE', kind: 'human' });
    await expect(bridged(token)).rejects.toThrow(/this agent token was revoked/);
  });
});
