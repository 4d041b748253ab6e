import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FakeClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config/load-config.js';
import { createLogger } from '../../src/logger.js';
import { SlackStandIn } from '../../src/sandbox/slack-stand-in.js';
import { type Shipgate, startShipgate } from '../../src/shipgate.js';
import { TEST_SIGNING_SECRET, tempDbPath } from '../support/test-shipgate.js';
import { type TestStore, testStore } from '../support/test-store.js';

let slack: SlackStandIn;
/** Where the Shipgate keeps its data: a SQLite file, or a PostgreSQL schema of its own under SHIPGATE_TEST_STORE=postgres. */
let store: TestStore;
let shipgate: Shipgate;
const logs: { level: number; msg: string; role?: string; user?: string; kind?: string }[] = [];

beforeAll(async () => {
  slack = await SlackStandIn.start({ seed: true });
  store = await testStore('roles');
  shipgate = await startShipgate({
    config: loadConfig('test/fixtures/deploy/shipgate.yml'),
    ...(store.databaseUrl ? { databaseUrl: store.databaseUrl } : {}),
    dbPath: tempDbPath('shipgate-roles-'),
    port: 0,
    host: '127.0.0.1',
    clock: new FakeClock('2026-11-24T10:00:00Z'),
    startScheduler: false,
    logger: createLogger({
      level: 'warn',
      destination: { write: (line) => void logs.push(JSON.parse(line)) },
    }),
    slack: {
      botToken: 'xoxb-sandbox',
      botId: 'B0SHIPGATE',
      botUserId: 'U0SHIPGATE',
      signingSecret: TEST_SIGNING_SECRET,
      apiUrl: slack.apiUrl,
      retries: 0,
    },
  });
});
afterAll(async () => {
  await shipgate.stop();
  await store.drop();
  await slack.stop();
});

describe('role members at start-up', () => {
  it('asks Slack about every role member and logs the ones that are not people, never offering them as approvers', async () => {
    await vi.waitFor(() => expect(logs.some((l) => l.user === 'U0ROBOT')).toBe(true));
    await shipgate.work.idle();
    expect(logs.filter((l) => l.msg.includes('not a person')).map((l) => [l.role, l.user, l.kind])).toEqual([
      ['team-lead', 'U0ROBOT', 'bot'],
    ]);
    expect(shipgate.runtime.roster.members('team-lead')).toEqual(['U0BOB', 'U0FRANK']);
    expect(slack.callsTo('users.info').map((c) => c.args.user)).toEqual(
      expect.arrayContaining(['U0BOB', 'U0ROBOT']),
    );
  });
});
