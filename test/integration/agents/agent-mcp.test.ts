import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deployListSchema } from '../../../src/http/api/api-schemas.js';
import { agentMcpServer } from '../../../src/http/mcp/agent-mcp-server.js';
import { type AgentApiServer, OPERATOR, startAgentApi } from '../../support/agent-api-server.js';
import { CHECKOUT_DEPLOY, INCIDENT, RecordingAgentDoor } from '../../support/recording-agent-door.js';

const PERMITTED_TOOLS = [
  'add_timeline_note',
  'attach_analysis',
  'get_deploy',
  'get_incident',
  'get_incident_timeline',
  'get_watch_samples',
  'list_deploys',
  'list_incidents',
  'raise_alert',
  'recommend',
];

let door: RecordingAgentDoor;
let api: AgentApiServer;
let full: string;
let reader: string;
const clients: Client[] = [];

beforeAll(async () => {
  door = new RecordingAgentDoor();
  api = await startAgentApi(door);
  full = await api.addAgent('mcp-bot');
  reader = await api.addAgent('mcp-reader', ['read']);
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await api.stop();
});
beforeEach(() => {
  door.calls.length = 0;
});

/** The SDK's own client over Streamable HTTP, with the agent token as its bearer. */
async function connect(token: string | undefined): Promise<Client> {
  const client = new Client({ name: 'shipgate-test', version: '1.0.0' });
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${api.url}/mcp`), { requestInit: { headers } }),
  );
  clients.push(client);
  return client;
}

/** The text of a tool result, parsed as the JSON the tools answer. */
function json(result: Awaited<ReturnType<Client['callTool']>>): unknown {
  const [first] = result.content as { type: string; text: string }[];
  return JSON.parse(first?.text ?? 'null');
}

describe('the MCP server at /mcp', () => {
  it('lists exactly the permitted tools, each stating the boundary, and none for a forbidden action', async () => {
    const client = await connect(reader);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(PERMITTED_TOOLS);
    for (const tool of tools) {
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.description).toMatch(/scope/);
    }
    const recommend = tools.find((t) => t.name === 'recommend');
    expect(recommend?.description).toContain('a human decides');
    expect(recommend?.description).toContain('never roll back');
    expect(Object.keys(recommend?.inputSchema.properties ?? {}).sort()).toEqual([
      'action',
      'deploy_id',
      'metrics',
      'reasoning',
    ]);
    expect(client.getInstructions()).toContain('You cannot deploy, approve, roll back');
  });

  it('calls a read tool through the door as the token’s agent', async () => {
    const client = await connect(reader);
    const result = await client.callTool({ name: 'list_deploys', arguments: { service: 'checkout' } });
    expect(result.isError).toBeFalsy();
    expect(deployListSchema.parse(json(result)).deploys[0]?.id).toBe(CHECKOUT_DEPLOY.id);
    expect(JSON.stringify(json(result))).not.toContain('internalNote');
    expect(door.calls).toEqual([
      { method: 'listDeploys', agent: 'mcp-reader', args: [{ service: 'checkout' }] },
    ]);
  });

  it('calls a write tool, splitting the id from the body', async () => {
    const client = await connect(full);
    const result = await client.callTool({
      name: 'recommend',
      arguments: {
        deploy_id: CHECKOUT_DEPLOY.id,
        action: 'rollback',
        reasoning: 'errors 5x',
        metrics: { err: 5 },
      },
    });
    expect(json(result)).toEqual({ id: 'rec-1' });
    const note = await client.callTool({
      name: 'add_timeline_note',
      arguments: { incident_id: INCIDENT.id, text: 'rolled back by people' },
    });
    expect(json(note)).toEqual({ id: 41 });
    expect(door.calls.map((c) => [c.method, c.args])).toEqual([
      [
        'recommend',
        [CHECKOUT_DEPLOY.id, { action: 'rollback', reasoning: 'errors 5x', metrics: { err: 5 } }],
      ],
      ['annotate', [INCIDENT.id, { text: 'rolled back by people' }]],
    ]);
  });

  it('answers a tool error naming OB-SCOPE-1 when the token lacks the scope', async () => {
    const client = await connect(reader);
    const result = await client.callTool({
      name: 'raise_alert',
      arguments: { service: 'checkout', summary: 'errors', severity: 'critical' },
    });
    expect(result.isError).toBe(true);
    expect(json(result)).toEqual({
      error: 'forbidden',
      reason: 'this token lacks the alert scope',
      rule: 'OB-SCOPE-1',
    });
    expect(door.calls).toEqual([]);
  });

  it("answers the door's refusal as a tool error", async () => {
    const client = await connect(reader);
    const result = await client.callTool({
      name: 'get_incident',
      arguments: { incident_id: 'INC-2026-9999' },
    });
    expect(result.isError).toBe(true);
    expect(json(result)).toEqual({ error: 'not_found', reason: 'no incident INC-2026-9999' });
  });

  it('fails a call of a tool that does not exist, such as one to approve', async () => {
    const client = await connect(full);
    const result = await client.callTool({
      name: 'approve_deploy',
      arguments: { deploy_id: CHECKOUT_DEPLOY.id },
    });
    expect(result.isError).toBe(true);
    expect(result.content).toEqual([
      { type: 'text', text: expect.stringContaining('Tool approve_deploy not found') },
    ]);
    expect(door.calls).toEqual([]);
  });

  it('refuses invalid arguments before the door', async () => {
    const client = await connect(full);
    const result = await client.callTool({
      name: 'recommend',
      arguments: { deploy_id: CHECKOUT_DEPLOY.id, action: 'approve', reasoning: 'x' },
    });
    expect(result.isError).toBe(true);
    expect(result.content).toEqual([
      { type: 'text', text: expect.stringContaining('Input validation error') },
    ]);
    expect(door.calls).toEqual([]);
  });

  it('refuses every request with 401 once agents are suspended, and serves again after resume', async () => {
    const client = await connect(full);
    await api.tokens.suspend(OPERATOR, 'stop');
    try {
      await expect(client.listTools()).rejects.toMatchObject({
        code: 401,
        message: expect.stringContaining('agents are suspended'),
      });
    } finally {
      await api.tokens.resume(OPERATOR);
    }
    expect((await client.listTools()).tools).toHaveLength(PERMITTED_TOOLS.length);
  });

  it('answers a tool error instead of acting when agents were suspended after the request was let in', async () => {
    const identity = await api.tokens.authenticate(`Bearer ${full}`);
    if (!identity.ok) throw new Error(identity.reason);
    const flight = api.tokens.begin();
    await api.tokens.suspend(OPERATOR, 'stop');
    const server = agentMcpServer({
      door,
      tokens: api.tokens,
      identity: identity.identity,
      signal: flight.signal,
    });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const client = new Client({ name: 'in-memory', version: '1.0.0' });
    try {
      await server.connect(serverSide);
      await client.connect(clientSide);
      const result = await client.callTool({
        name: 'add_timeline_note',
        arguments: { incident_id: INCIDENT.id, text: 'x' },
      });
      expect(result.isError).toBe(true);
      expect(json(result)).toEqual({ error: 'unauthorized', reason: 'agents are suspended' });
    } finally {
      await api.tokens.resume(OPERATOR);
      flight.end();
      await client.close();
    }
    expect(door.calls).toEqual([]);
  });

  it('refuses a connection without a token with 401', async () => {
    await expect(connect(undefined)).rejects.toMatchObject({
      code: 401,
      message: expect.stringContaining('no bearer token'),
    });
  });

  it('answers GET and DELETE 405 as JSON (stateless: no event stream, no session)', async () => {
    for (const method of ['GET', 'DELETE']) {
      const res = await fetch(`${api.url}/mcp`, { method, headers: { authorization: `Bearer ${full}` } });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('POST');
      expect(await res.json()).toMatchObject({ error: 'method_not_allowed' });
    }
    const under = await fetch(`${api.url}/mcp/extra`, { method: 'POST' });
    expect(under.status).toBe(404);
  });
});
