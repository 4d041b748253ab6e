import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DeployHarness, startDeployHarness } from '../support/deploy-harness.js';
import { seedProductionVersion } from '../support/deploy-history.js';

let h: DeployHarness;
const idOf = (ack: string) => /DEP-\d{4}-\d{4}/.exec(ack)?.[0] ?? '';
const ackText = async (user: string, text: string) =>
  (JSON.parse(await h.deploy(user, text)) as { text: string }).text;

beforeAll(async () => {
  h = await startDeployHarness();
});
afterAll(async () => {
  await h.stop();
});

describe('/deploy reads versions the way they look', () => {
  it('refuses a version that starts with an invisible BOM, names U+FEFF, and stores and runs nothing', async () => {
    const before = (await h.shipgate.runtime.deploys.recent(100)).length;
    const calls = h.targetCalls().length;
    const told = await ackText('U0ALICE', 'checkout "\uFEFF8.0.0"');
    expect(told).toContain(
      'version: contains an invisible character U+FEFF (zero width no-break space) at position 1',
    );
    expect(told).toContain('(got `&lt;U+FEFF&gt;8.0.0`)');
    expect(await ackText('U0ALICE', 'checkout \uFEFF8.0.0')).toContain('U+FEFF');
    expect(await h.shipgate.runtime.deploys.recent(100)).toHaveLength(before);
    expect(h.targetCalls()).toHaveLength(calls);
    expect(h.slack.callsTo('chat.postMessage').some((c) => JSON.stringify(c.args).includes('8.0.0'))).toBe(
      false,
    );
  });

  it('stores a version padded with spaces, tabs or a newline as clean SemVer and hands the target exactly that', async () => {
    await seedProductionVersion(h, 'checkout', '6.0.0', 'blue');
    const id = idOf(await h.deploy('U0ALICE', 'checkout " 6.0.1 "'));
    expect(await h.record(id)).toMatchObject({ version: '6.0.1', bump: 'patch', state: 'awaiting_approval' });
    expect((await h.message(id))?.text).toContain('checkout 6.0.0 → 6.0.1 (production)');
    await h.click('U0BOB', id, 'approve');
    await h.click('U0CAROL', id, 'approve');
    expect((await h.record(id)).state).toBe('succeeded');
    const ran = h.targetCalls().filter((c) => c.args.some((a) => a.includes('6.0.1')));
    expect(ran.map((c) => c.step)).toEqual(
      expect.arrayContaining(['validate', 'deploy', 'smoke_test', 'switch_traffic']),
    );
    for (const call of ran) expect(call.args[1]).toBe('6.0.1');

    const planned = idOf(await h.deploy('U0ALICE', 'checkout "\t6.0.2\n"'));
    expect((await h.record(planned)).version).toBe('6.0.2');
    const events = await h.shipgate.events.forSubject(planned);
    expect(events[0]?.payload).toMatchObject({ version: '6.0.2' });
  });
});
