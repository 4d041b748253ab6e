import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock.js';
import { DEFAULT_STAND_IN_TOKEN, PagerDutyStandIn } from '../../src/sandbox/pagerduty/pagerduty-stand-in.js';
import { SlackStandIn } from '../../src/sandbox/slack-stand-in.js';
import { type DeployHarness, IN_WINDOW, startDeployHarness } from '../support/deploy-harness.js';
import { seedProductionVersion } from '../support/deploy-history.js';
import { isAlive, ShipgateChildren, targetPids } from '../support/shipgate-child.js';
import { tempDbPath } from '../support/test-shipgate.js';

let slack: SlackStandIn;
let pagerduty: PagerDutyStandIn;
let children: ShipgateChildren;
afterEach(() => children.killAll());

const idOf = (ack: string) => /DEP-\d{4}-\d{4}/.exec(ack)?.[0] ?? '';

beforeAll(async () => {
  slack = await SlackStandIn.start({ seed: true });
  children = new ShipgateChildren(slack);
  pagerduty = await PagerDutyStandIn.start();
});
afterAll(async () => {
  await slack.stop();
  await pagerduty.stop();
});

describe('restarts', () => {
  it('keeps a deploy awaiting approval, its approvals and its timers across a restart, and edits the same message', async () => {
    const dbPath = tempDbPath('shipgate-restart-');
    const clock = new FakeClock(IN_WINDOW);
    let h: DeployHarness = await startDeployHarness({ dbPath, clock, slack, pagerduty });
    await seedProductionVersion(h, 'checkout', '8.0.0', 'blue');
    const id = idOf(await h.deploy('U0ALICE', 'checkout 8.0.1'));
    await h.click('U0BOB', id, 'approve');
    const ts = (await h.message(id))?.ts;
    const timers = (await h.shipgate.timers.pending(id)).map((t) => t.kind).sort();
    expect(timers).toEqual(['deploy.escalate', 'deploy.remind']);
    await h.stop();

    h = await startDeployHarness({ dbPath, clock, slack, pagerduty });
    await h.settle();
    expect((await h.record(id)).state).toBe('awaiting_approval');
    expect((await h.shipgate.timers.pending(id)).map((t) => t.kind).sort()).toEqual(timers);
    clock.advance(30 * 60_000);
    await h.settle();
    expect((await h.record(id)).state).toBe('escalated');
    await h.click('U0CAROL', id, 'approve');
    expect((await h.record(id)).state).toBe('succeeded');
    expect((await h.message(id))?.ts).toBe(ts);
    expect((await h.shipgate.runtime.deploys.approvals(id)).map((a) => a.userId)).toEqual([
      'U0BOB',
      'U0CAROL',
    ]);
    await h.stop();
  });

  it('marks a deploy that was running when the process died as interrupted, keeps its lane locked and says what to do', async () => {
    const dbPath = tempDbPath('shipgate-killed-');
    const targetLog = `${dbPath}.target.log`;
    const child = await children.start(dbPath, {
      PAGERDUTY_TOKEN: DEFAULT_STAND_IN_TOKEN,
      PAGERDUTY_API_URL: pagerduty.url,
      FAKE_TARGET_LOG: targetLog,
      FAKE_TARGET_HANG: 'deploy@1.0.0',
    });
    const ack = await slack.command({
      user: 'U0ALICE',
      command: '/deploy',
      text: 'checkout 1.0.0 --env staging',
      channel: 'C0DEPLOYS',
    });
    const id = idOf(JSON.stringify(ack.ack));
    await slack.waitFor(
      () => existsSync(targetLog) && readFileSync(targetLog, 'utf8').includes('"step":"deploy"'),
      { timeoutMs: 15_000 },
    );
    child.kill('SIGKILL');
    await once(child, 'exit');
    for (const pid of targetPids(targetLog).filter(isAlive)) process.kill(pid, 'SIGKILL');

    const restartedAt = Date.parse(IN_WINDOW) + 5 * 60_000;
    const h = await startDeployHarness({ dbPath, slack, pagerduty, clock: new FakeClock(restartedAt) });
    await h.settle();
    const record = await h.record(id);
    expect(record.state).toBe('interrupted');
    expect(record.outcome).toContain('interrupted by a Shipgate restart during "Rolling deploy');
    expect(await h.shipgate.runtime.deploys.laneHolder('checkout', 'staging')).toBe(id);
    expect(
      (await h.thread(id)).some((t) => t.includes(`/deploy cancel ${id}`) && t.includes('lane stays locked')),
    ).toBe(true);
    const retry = await h.deploy('U0BOB', 'checkout 1.0.1 --env staging');
    expect(retry).toContain(`${id} holds checkout/staging`);
    await slack.command({ user: 'U0ALICE', command: '/deploy', text: `cancel ${id}`, channel: 'C0DEPLOYS' });
    await h.settle();
    expect((await h.record(id)).state).toBe('failed');
    expect(await h.shipgate.runtime.deploys.laneHolder('checkout', 'staging')).not.toBe(id);
    await h.stop();
  }, 30_000);

  it('keeps an incident and its severity clocks when the process is killed, and fires the overdue ones on restart', async () => {
    const dbPath = tempDbPath('shipgate-killed-incident-');
    const child = await children.start(dbPath, {});
    const declared = await slack.command({
      user: 'U0ERIN',
      command: '/incident',
      text: 'declare SEV-2 Login broken',
      channel: 'C0DEPLOYS',
    });
    const id = /INC-\d{4}-\d{4}/.exec(JSON.stringify(declared.ack))?.[0] ?? '';
    await slack.waitFor(() => slack.state.allMessages().some((m) => m.text.includes(`${id}:`)), {
      timeoutMs: 15_000,
    });
    child.kill('SIGKILL');
    await once(child, 'exit');

    const { openDatabase } = await import('../../src/store/database.js');
    const db = openDatabase(dbPath);
    const armed = db
      .prepare(
        "SELECT payload, due_at FROM timers WHERE subject = ? AND kind = 'incident.clock' AND fired_at IS NULL",
      )
      .all(id) as { payload: string; due_at: number }[];
    db.close();
    const response = armed
      .map((t) => ({ kind: (JSON.parse(t.payload) as { kind: string }).kind, due: t.due_at }))
      .find((t) => t.kind === 'response');
    expect(response).toBeDefined();

    const h = await startDeployHarness({
      dbPath,
      slack,
      pagerduty,
      clock: new FakeClock((response?.due ?? 0) + 60_000),
    });
    await h.settle();
    const breach = (await h.shipgate.events.forSubject(id)).find((e) => e.type === 'incident.clock_breached');
    expect(breach?.payload).toMatchObject({ clock: 'response', escalatedTo: ['engineering-lead'] });
    expect(new Date(String(breach?.payload.dueAt)).getTime()).toBe(response?.due);
    await h.stop();
  }, 30_000);
});
