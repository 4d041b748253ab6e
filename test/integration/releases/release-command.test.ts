import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/clock.js';
import { SlackStandIn } from '../../../src/sandbox/slack-stand-in.js';
import type { Shipgate } from '../../../src/shipgate.js';
import { createTestRepo } from '../../support/git-repo.js';
import { startTestShipgate, TEST_SIGNING_SECRET } from '../../support/test-shipgate.js';
import { withoutWatch } from '../../support/without-watch.js';
import { configWithRepository } from './release-runtime.js';

let standIn: SlackStandIn;
let shipgate: Shipgate;

beforeAll(async () => {
  const repo = createTestRepo();
  repo.commit('chore: init');
  repo.tag('v1.0.0');
  repo.commit('feat: export <!here> (#3)');
  repo.commit('fix: timeout');
  standIn = await SlackStandIn.start({ seed: true });
  shipgate = await startTestShipgate({
    apiUrl: standIn.apiUrl,
    clock: new FakeClock('2026-11-24T10:00:00Z'),
    config: withoutWatch(configWithRepository(repo.dir)),
  });
  standIn.connectBot({ url: `${shipgate.url}/slack/events`, signingSecret: TEST_SIGNING_SECRET });
});
afterAll(async () => {
  await shipgate.stop();
  await standIn.stop();
});

const ask = async (text: string) =>
  JSON.stringify(
    (await standIn.command({ user: 'U0ALICE', command: '/release', text, channel: 'C0DEPLOYS' })).ack,
  );

describe('/release over the Bolt app', () => {
  it('suggests the next version with the commits that decide it', async () => {
    const ack = await ask('suggest checkout');
    expect(ack).toContain('suggest 1.1.0');
    expect(ack).toContain('feat: export');
    expect(ack).not.toContain('<!here>');
  });

  it('answers a changelog and refuses an unknown ref and a service without a repository', async () => {
    expect(await ask('changelog checkout 1.0.0 HEAD')).toContain('Added');
    expect(await ask('changelog checkout 9.9.9')).toContain('unknown version 9.9.9');
    expect(await ask('notes payments 1.0.0')).toContain('no repository is configured');
  });
});
