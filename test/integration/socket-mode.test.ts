import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config/load-config.js';
import { createLogger } from '../../src/logger.js';
import { SlackStandIn } from '../../src/sandbox/slack-stand-in.js';
import { type Shipgate, startShipgate } from '../../src/shipgate.js';
import { metricLine } from '../support/metric-line.js';
import { tempDbPath } from '../support/test-shipgate.js';
import { type TestStore, testStore } from '../support/test-store.js';

let standIn: SlackStandIn;
/** Where the Shipgate keeps its data: a SQLite file, or a PostgreSQL schema of its own under SHIPGATE_TEST_STORE=postgres. */
let store: TestStore;
let shipgate: Shipgate;

beforeAll(async () => {
  standIn = await SlackStandIn.start({ seed: true });
  store = await testStore('socket');
  shipgate = await startShipgate({
    config: loadConfig('config/shipgate.example.yml'),
    ...(store.databaseUrl ? { databaseUrl: store.databaseUrl } : {}),
    dbPath: tempDbPath(),
    port: 0,
    host: '127.0.0.1',
    clock: new FakeClock(),
    startScheduler: false,
    logger: createLogger({ level: 'silent' }),
    slack: {
      botToken: 'xoxb-sandbox',
      appToken: 'xapp-sandbox',
      botId: 'B0SHIPGATE',
      botUserId: 'U0SHIPGATE',
      apiUrl: standIn.apiUrl,
      retries: 0,
    },
  });
});
afterAll(async () => {
  await shipgate.stop();
  await store.drop();
  await standIn.stop();
});

describe('Socket Mode (SLACK_APP_TOKEN set)', () => {
  it('connects over a WebSocket opened with apps.connections.open using the app token', () => {
    expect(shipgate.slack.mode).toBe('socket');
    const open = standIn.callsTo('apps.connections.open');
    expect(open.length).toBeGreaterThan(0);
    expect(open[0]?.ok).toBe(true);
  });

  it('answers a slash command delivered over the socket', async () => {
    const result = await standIn.command({
      user: 'U0ALICE',
      command: '/deploy',
      text: 'checkout 2.5',
      channel: 'C0DEPLOYS',
    });
    expect(JSON.stringify(result.ack)).toContain('version: expected a SemVer version such as 2.5.4');
  });

  it('has no HTTP Slack endpoint, but still serves health and metrics', async () => {
    expect((await fetch(`${shipgate.url}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(`${shipgate.url}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${shipgate.url}/metrics`)).text()).toMatch(
      metricLine('shipgate_commands_total', { command: '/deploy', outcome: 'invalid' }, 1),
    );
  });
});
