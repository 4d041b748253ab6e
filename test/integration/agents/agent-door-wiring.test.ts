import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import type { Runtime } from '../../../src/services/runtime.js';
import type { Shipgate } from '../../../src/shipgate.js';
import { OPERATOR } from '../../support/agent-api-server.js';
import { RecordingAgentDoor } from '../../support/recording-agent-door.js';
import { startTestShipgate } from '../../support/test-shipgate.js';
import { withoutWatch } from '../../support/without-watch.js';

let shipgate: Shipgate;
let built: Runtime | undefined;
const door = new RecordingAgentDoor();

beforeAll(async () => {
  const loaded = withoutWatch(loadConfig('config/shipgate.example.yml'));
  shipgate = await startTestShipgate({
    config: { ...loaded, config: { ...loaded.config, agents: { rate_limit: 2 } } },
    agentDoor: (runtime) => {
      built = runtime;
      return door;
    },
  });
});
afterAll(async () => {
  await shipgate.stop();
});

describe('the agent door in Shipgate', () => {
  it('is built from the runtime and served on the same HTTP server, /api/v1 and /mcp sharing agents.rate_limit', async () => {
    expect(built).toBe(shipgate.runtime);
    const outcome = await shipgate.agents.add({ name: 'wired', scopes: ['read'] }, OPERATOR);
    if (!outcome.ok) throw new Error(outcome.reason);
    const get = () =>
      fetch(`${shipgate.url}/api/v1/incidents`, { headers: { authorization: `Bearer ${outcome.token}` } });
    expect((await get()).status).toBe(200);
    const mcp = await fetch(`${shipgate.url}/mcp`, {
      method: 'POST',
      headers: { authorization: `Bearer ${outcome.token}` },
    });
    expect(await mcp.json()).toMatchObject({ error: 'bad_request', field: 'body' });
    const limited = await get();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(door.callsOf('listIncidents')).toHaveLength(1);
  });

  it('records token changes in the event log', async () => {
    expect((await shipgate.events.forSubject('agent:wired')).map((e) => [e.type, e.actor])).toEqual([
      ['agent.added', 'U0ALICE'],
    ]);
  });

  it('keeps serving /healthz beside the agent routes', async () => {
    expect((await fetch(`${shipgate.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${shipgate.url}/api/v1/openapi.json`)).status).toBe(200);
  });
});
