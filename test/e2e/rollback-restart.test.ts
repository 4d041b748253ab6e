import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock.js';
import { DEFAULT_STAND_IN_TOKEN, PagerDutyStandIn } from '../../src/sandbox/pagerduty/pagerduty-stand-in.js';
import { SlackStandIn } from '../../src/sandbox/slack-stand-in.js';
import { IDS } from '../../src/slack/ids.js';
import { type DeployHarness, IN_WINDOW, startDeployHarness } from '../support/deploy-harness.js';
import { seedProductionVersion } from '../support/deploy-history.js';
import { isAlive, ShipgateChildren, targetPids } from '../support/shipgate-child.js';
import { tempDbPath } from '../support/test-shipgate.js';

/**
 * Shipgate killed (kill -9) while a rollback's step runs: the run comes back `interrupted` with its lane locked,
 * and its durable `rollback.timeout` timer still pages the on-call and escalates to the engineering lead when the
 * five minutes are up — an interrupted rollback is the one that most needs a human.
 */
let slack: SlackStandIn;
let pagerduty: PagerDutyStandIn;
let children: ShipgateChildren;
let h: DeployHarness | undefined;

const idOf = (text: string) => /DEP-\d{4}-\d{4}/.exec(text)?.[0] ?? '';

beforeAll(async () => {
  slack = await SlackStandIn.start({ seed: true });
  pagerduty = await PagerDutyStandIn.start();
  children = new ShipgateChildren(slack);
});
afterEach(() => children.killAll());
afterAll(async () => {
  await h?.stop();
  await slack.stop();
  await pagerduty.stop();
});

describe('a restart during a rollback', () => {
  it('keeps an interrupted rollback locked and still pages and escalates when rollback.timeout runs out', async () => {
    const dbPath = tempDbPath('shipgate-rollback-killed-');
    const targetLog = join(dirname(dbPath), 'target.log');
    const before = await startDeployHarness({ dbPath, clock: new FakeClock(IN_WINDOW), slack, pagerduty });
    const seeded = await seedProductionVersion(before, 'checkout', '2.5.3', 'blue');
    await before.shipgate.runtime.deploys.update(seeded, { survived: true }, before.clock.now());
    const bad = idOf(await before.deploy('U0ALICE', 'checkout 2.5.4'));
    await before.click('U0BOB', bad, 'approve');
    await before.click('U0CAROL', bad, 'approve');
    expect((await before.record(bad)).state).toBe('succeeded');
    await before.stop();

    const child = await children.start(dbPath, {
      PAGERDUTY_TOKEN: DEFAULT_STAND_IN_TOKEN,
      PAGERDUTY_API_URL: pagerduty.url,
      FAKE_TARGET_LOG: targetLog,
      FAKE_TARGET_HANG: 'health_check@2.5.3',
    });
    await slack.command({ user: 'U0CAROL', command: '/rollback', text: 'checkout', channel: 'C0DEPLOYS' });
    const plan = slack.state
      .allMessages()
      .filter((m) => m.ephemeralFor === 'U0CAROL' && JSON.stringify(m.blocks ?? []).includes(IDS.rollbackNow))
      .at(-1);
    if (!plan) throw new Error('no rollback plan shown');
    const click = await slack.clickButton({
      user: 'U0CAROL',
      channel: plan.channel,
      ts: plan.ts,
      actionId: IDS.rollbackNow,
    });
    await slack.waitFor(
      () =>
        targetPids(targetLog).length > 0 &&
        before.targetCalls().some((c) => c.step === 'health_check' && c.args.includes('2.5.3')),
      { timeoutMs: 15_000 },
    );
    const run = idOf(JSON.stringify(click.responses.map((r) => r.body)));
    expect(run).not.toBe('');
    child.kill('SIGKILL');
    await once(child, 'exit');
    for (const pid of targetPids(targetLog).filter(isAlive)) process.kill(pid, 'SIGKILL');

    const clock = new FakeClock(Date.parse(IN_WINDOW) + 60_000);
    h = await startDeployHarness({ dbPath, slack, pagerduty, clock });
    await h.settle();
    expect(await h.record(run)).toMatchObject({ kind: 'rollback', state: 'interrupted', rollbackOf: bad });
    expect(await h.shipgate.runtime.deploys.laneHolder('checkout', 'production')).toBe(run);
    expect((await h.thread(run)).some((t) => t.includes(`Shipgate restarted while ${run} was running`))).toBe(
      true,
    );
    expect((await h.shipgate.events.forSubject(run)).some((e) => e.type === 'deploy.rollback_overran')).toBe(
      false,
    );

    clock.advance(5 * 60_000);
    await h.settle();
    expect((await h.shipgate.events.forSubject(run)).some((e) => e.type === 'deploy.rollback_overran')).toBe(
      true,
    );
    const key = `rollback-timeout-${run}`;
    expect(h.pagerduty.incident(key)?.summary).toBe(
      `checkout rollback ${run} in production has not finished within 5 minutes`,
    );
    expect(
      (await h.thread(run)).some((t) =>
        t.includes(
          'not finished within rollback.timeout (5 minutes). The on-call is paged; escalated to engineering-lead: <@U0DAVE>',
        ),
      ),
    ).toBe(true);
    expect(await h.shipgate.runtime.deploys.laneHolder('checkout', 'production')).toBe(run);
  }, 40_000);
});
