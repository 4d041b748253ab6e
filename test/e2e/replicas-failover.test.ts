import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PagerDutyStandIn } from '../../src/sandbox/pagerduty/pagerduty-stand-in.js';
import { SlackStandIn } from '../../src/sandbox/slack-stand-in.js';
import { IDS } from '../../src/slack/ids.js';
import { IN_WINDOW, startDeployHarness } from '../support/deploy-harness.js';
import { seedProductionVersion } from '../support/deploy-history.js';
import { type FreshSchema, freshSchema, missingPostgres } from '../support/postgres.js';
import { type Replica, ReplicaSet } from '../support/replica-set.js';
import { isAlive, ShipgateChildren, targetPids } from '../support/shipgate-child.js';
import { channelsNamed, doubledPosts, incidentAlerts } from '../support/slack-posts.js';
import { tempDbPath } from '../support/test-shipgate.js';

/**
 * Two Shipgate replicas on one PostgreSQL schema behind a round-robin proxy, one of which dies (kill -9) or stalls
 * (SIGSTOP) while it holds a timer's lease: the other takes the timer over once the lease runs out and carries on,
 * and nothing is lost or done twice.
 */
const SEC = 1000;
const LEASE_MS = 4 * SEC;
let schema: FreshSchema;
let slack: SlackStandIn;
let pagerduty: PagerDutyStandIn;
let children: ShipgateChildren;
let set: ReplicaSet | undefined;
let targetLog: string;

describe.skipIf(missingPostgres())('two replicas, one of which dies or stalls', () => {
  beforeAll(async () => {
    schema = await freshSchema('replicas_failover');
    pagerduty = await PagerDutyStandIn.start();
  });
  beforeEach(async () => {
    await schema.reset();
    slack = await SlackStandIn.start({ seed: true });
    children = new ShipgateChildren(slack);
    targetLog = join(tempDbPath('shipgate-replicas-'), '..', 'target.log');
  });
  afterEach(async () => {
    children.killAll();
    await set?.stop();
    set = undefined;
    await slack.stop();
  });
  afterAll(async () => {
    await pagerduty.stop();
    await schema.drop();
  });

  const start = async (
    options: { clockStart?: string; config?: string; env?: Record<string, string> } = {},
  ) => {
    set = await ReplicaSet.start({
      slack,
      pagerduty,
      children,
      schema,
      leaseMs: LEASE_MS,
      sweepSeconds: 1,
      clockStart: options.clockStart ?? IN_WINDOW,
      targetLog,
      ...(options.config ? { config: options.config } : {}),
      ...(options.env ? { env: options.env } : {}),
    });
    return set;
  };
  const declare = async (text: string) => {
    const result = await slack.command({
      user: 'U0BOB',
      command: '/incident',
      text: `declare ${text}`,
      channel: 'C0DEPLOYS',
    });
    return /INC-\d{4}-\d{4}/.exec(JSON.stringify(result.ack))?.[0] ?? '';
  };

  /** Seeds checkout's production version through an in-process Shipgate on the schema, then stops it. */
  async function seed(version: string): Promise<void> {
    const h = await startDeployHarness({ databaseUrl: schema.url, slack, pagerduty });
    await seedProductionVersion(h, 'checkout', version, 'blue');
    await h.stop();
  }
  const deployState = async (s: ReplicaSet, id: string) =>
    (await s.db.query<{ state: string }>('SELECT state FROM deploys WHERE id = $1', [id])).rows[0]?.state;
  const requestDeploy = async (text: string) => {
    const ack = await slack.command({ user: 'U0ALICE', command: '/deploy', text, channel: 'C0DEPLOYS' });
    return { id: /DEP-\d{4}-\d{4}/.exec(JSON.stringify(ack.ack))?.[0] ?? '', ack: JSON.stringify(ack.ack) };
  };
  /** The deploy's top-level messages in #deploys (its live message; one unless something posted it twice). */
  const deployMessages = (id: string) =>
    slack.state
      .messagesIn('C0DEPLOYS')
      .filter((m) => m.user === 'U0SHIPGATE' && !m.threadTs && !m.ephemeralFor && m.text.includes(id));
  const approvalRequest = (id: string) =>
    deployMessages(id).find((m) => JSON.stringify(m.blocks ?? []).includes(IDS.deployApprove));
  const approve = async (user: string, id: string) => {
    const message = await slack.waitFor(() => approvalRequest(id), {
      timeoutMs: 20 * SEC,
      description: `the approval request of ${id}`,
    });
    const click = await slack.clickButton({
      user,
      channel: 'C0DEPLOYS',
      ts: message.ts,
      actionId: IDS.deployApprove,
    });
    await slack.waitFor(() => click.responses.length > 0, { timeoutMs: 10 * SEC });
    return JSON.stringify(click.responses.map((r) => r.body));
  };
  const threadOf = (id: string) => {
    const parent = deployMessages(id)[0];
    return parent ? slack.state.repliesTo('C0DEPLOYS', parent.ts).map((m) => m.text) : [];
  };

  it('interrupts the deploy whose replica was killed mid-step once, keeps its lane and queue, and moves the queue on after a cancel', async () => {
    await seed('8.0.0');
    const s = await start({ env: { FAKE_TARGET_HANG: 'deploy@8.0.1' } });
    const first = await requestDeploy('checkout 8.0.1');
    expect(await approve('U0BOB', first.id)).toContain(`you approved ${first.id}`);
    expect(await approve('U0CAROL', first.id)).toContain('the deploy starts now');
    await slack.waitFor(
      () => existsSync(targetLog) && readFileSync(targetLog, 'utf8').includes('"step":"deploy"'),
      { timeoutMs: 20 * SEC, pollMs: 20, description: 'the deploy step started' },
    );
    const run = await s.heldTimer(`run:${first.id}`, (t) => t.kind === 'deploy.run');
    const holder = s.ownerOf(run.claimed_by) as Replica;
    await s.kill(holder);
    for (const pid of targetPids(targetLog).filter(isAlive)) process.kill(pid, 'SIGKILL');
    const survivor = s.others(holder)[0] as Replica;

    const second = await requestDeploy('checkout 8.0.2');
    expect(second.ack).toContain(`${first.id} holds checkout/production`);
    await slack.waitFor(async () => (await deployState(s, first.id)) === 'interrupted', {
      timeoutMs: LEASE_MS + 10 * SEC,
      pollMs: 100,
      description: `${first.id} interrupted`,
    });
    await slack.waitFor(() => threadOf(first.id).some((t) => t.includes('lane stays locked')), {
      timeoutMs: 10 * SEC,
      description: 'the note on the interrupted deploy',
    });
    await s.quiet();
    const taken = (await s.timers(`run:${first.id}`)).find((t) => t.id === run.id);
    expect(taken?.fired_at).not.toBeNull();
    expect(taken?.lease_token).toBe(run.lease_token + 1);
    expect(s.ownerOf(taken?.claimed_by ?? null)).toBe(survivor);
    const interrupts = await s.db.query(
      "SELECT id FROM events WHERE subject = $1 AND type = 'deploy.interrupt'",
      [first.id],
    );
    expect(interrupts.rows).toHaveLength(1);
    expect(threadOf(first.id).filter((t) => t.includes('lane stays locked'))).toHaveLength(1);
    const lane = await s.db.query<{ holder: string }>(
      "SELECT holder FROM lanes WHERE service = 'checkout' AND env = 'production'",
    );
    expect(lane.rows.map((r) => r.holder)).toEqual([first.id]);
    expect(await deployState(s, second.id)).toBe('queued');
    expect(approvalRequest(second.id)).toBeUndefined();
    expect(
      readFileSync(targetLog, 'utf8')
        .trim()
        .split('\n')
        .filter((l) => l.includes('"step":"deploy"')),
    ).toHaveLength(1);

    const cancelled = await slack.command({
      user: 'U0ALICE',
      command: '/deploy',
      text: `cancel ${first.id}`,
      channel: 'C0DEPLOYS',
    });
    expect(cancelled.status).toBe(200);
    await slack.waitFor(() => approvalRequest(second.id), {
      timeoutMs: 20 * SEC,
      description: `the approval request of ${second.id}`,
    });
    await s.quiet();
    expect(await deployState(s, first.id)).toBe('failed');
    expect(await deployState(s, second.id)).toBe('awaiting_approval');
    const handed = await s.db.query<{ holder: string }>(
      "SELECT holder FROM lanes WHERE service = 'checkout' AND env = 'production'",
    );
    expect(handed.rows.map((r) => r.holder)).toEqual([second.id]);
    expect(deployMessages(second.id)).toHaveLength(1);
    expect(doubledPosts(slack)).toEqual([]);
  }, 90_000);

  it('lets a replica stopped mid-step past its lease, then resumed, do nothing more to the deploy the survivor interrupted', async () => {
    await seed('8.0.0');
    const s = await start({ env: { FAKE_TARGET_GATE: 'deploy@8.0.1' } });
    const { id } = await requestDeploy('checkout 8.0.1');
    expect(await approve('U0BOB', id)).toContain(`you approved ${id}`);
    expect(await approve('U0CAROL', id)).toContain('the deploy starts now');
    await slack.waitFor(
      () => existsSync(targetLog) && readFileSync(targetLog, 'utf8').includes('"step":"deploy"'),
      { timeoutMs: 20 * SEC, pollMs: 20, description: 'the deploy step started' },
    );
    const run = await s.heldTimer(`run:${id}`, (t) => t.kind === 'deploy.run');
    const stopped = s.ownerOf(run.claimed_by) as Replica;
    stopped.child.kill('SIGSTOP');
    await slack.waitFor(async () => (await deployState(s, id)) === 'interrupted', {
      timeoutMs: LEASE_MS + 10 * SEC,
      pollMs: 100,
      description: `${id} interrupted by the survivor`,
    });
    await slack.waitFor(() => threadOf(id).some((t) => t.includes('lane stays locked')), {
      timeoutMs: 10 * SEC,
      description: 'the note on the interrupted deploy',
    });
    await s.quiet();
    const deployRow = async () =>
      (await s.db.query('SELECT state, steps, outcome FROM deploys WHERE id = $1', [id])).rows[0];
    const events = async () =>
      (
        await s.db.query<{ type: string }>('SELECT type FROM events WHERE subject = $1 ORDER BY id', [id])
      ).rows.map((r) => r.type);
    const before = { deploy: await deployRow(), events: await events(), thread: threadOf(id) };
    expect(before.thread.filter((t) => t.includes('lane stays locked'))).toHaveLength(1);

    writeFileSync(`${targetLog}.open`, '');
    stopped.child.kill('SIGCONT');
    await slack.waitFor(
      () => existsSync(stopped.log) && readFileSync(stopped.log, 'utf8').includes('its claim no longer held'),
      { timeoutMs: 15 * SEC, pollMs: 50, description: 'the resumed replica found its lease lost' },
    );
    await s.quiet();
    expect(await deployRow()).toEqual(before.deploy);
    expect(await events()).toEqual(before.events);
    expect(threadOf(id)).toEqual(before.thread);
    const steps = readFileSync(targetLog, 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { step: string }).step)
      .filter((step) => step !== 'validate');
    expect(steps).toEqual(['deploy']);
    expect(doubledPosts(slack)).toEqual([]);
  }, 90_000);

  it("fires each of an incident's clocks once on the survivor when the replica setting the incident up is killed", async () => {
    const s = await start({
      clockStart: '2026-11-24T10:00:44Z',
      config: 'test/fixtures/deploy/shipgate-short-clocks.yml',
    });
    slack.failMethod('conversations.create', { afterApply: 'hang' }, { times: 1 });
    const id = await declare('SEV-3 Checkout is slow');
    const clocks = (await s.timers(id)).filter((t) => t.kind === 'incident.clock');
    expect(clocks.map((t) => t.fired_at)).toEqual([null, null]);
    expect(clocks.every((t) => t.due_at > s.clock.now().getTime())).toBe(true);
    await slack.waitFor(() => channelsNamed(slack, `${id.toLowerCase()}-`).length > 0, {
      timeoutMs: 15 * SEC,
    });
    const setup = await s.heldTimer(id, (t) => t.kind === 'incident.setup');
    const holder = s.ownerOf(setup.claimed_by) as Replica;
    await s.kill(holder);
    const survivor = s.others(holder)[0] as Replica;

    const dueBy = Math.max(...clocks.map((t) => t.due_at));
    await slack.waitFor(
      async () =>
        (await s.timers(id)).filter((t) => t.kind === 'incident.clock' && t.fired_at !== null).length === 2,
      {
        timeoutMs: dueBy - s.clock.now().getTime() + LEASE_MS + 10 * SEC,
        pollMs: 100,
        description: `the clocks of ${id} fired`,
      },
    );
    await s.quiet();
    const channels = channelsNamed(slack, `${id.toLowerCase()}-`);
    expect(channels).toHaveLength(1);
    expect(slack.callsTo('conversations.create').at(-1)?.error).toBe('name_taken');
    const taken = (await s.timers(id)).find((t) => t.id === setup.id);
    expect(taken?.lease_token).toBe(setup.lease_token + 1);
    expect(s.ownerOf(taken?.claimed_by ?? null)).toBe(survivor);
    const here = channels[0]?.id ?? '';
    const said = (text: string) => slack.state.messagesIn(here).filter((m) => m.text.includes(text));
    expect(incidentAlerts(slack, here)).toHaveLength(1);
    expect(said(`${id} still needs an acknowledgement`)).toHaveLength(1);
    expect(said(`${id} (SEV-3) was not acknowledged in time`)).toHaveLength(1);
    for (const lead of ['U0BOB', 'U0FRANK']) {
      const dm = [...slack.state.channels.values()].find((c) => c.isIm && c.imUser === lead);
      expect(
        slack.state.messagesIn(dm?.id ?? '').filter((m) => m.text.includes(`SEV-3 ${id}`)),
        `the escalation to ${lead}`,
      ).toHaveLength(1);
    }
    expect(doubledPosts(slack)).toEqual([]);
    const breaches = await s.db.query(
      "SELECT id FROM events WHERE subject = $1 AND type = 'incident.clock_breached'",
      [id],
    );
    expect(breaches.rows).toHaveLength(1);
    const fired = (await s.timers(id)).filter((t) => clocks.some((c) => c.id === t.id));
    for (const clock of fired) {
      expect(clock.fired_at).toBeGreaterThanOrEqual(clock.due_at);
      expect(clock.lease_token).toBe(1);
      expect(s.ownerOf(clock.claimed_by)).toBe(survivor);
    }
    const left = (await s.timers(id)).filter((t) => t.fired_at === null && t.cancelled_at === null);
    expect(left).toEqual([]);
  }, 90_000);

  it('posts the incident alert once when the replica posting it is killed waiting for Slack', async () => {
    const s = await start();
    slack.failMethod(
      'chat.postMessage',
      { afterApply: 'hang' },
      { times: 1, when: (args) => String(args.text ?? '').startsWith('INCIDENT ALERT') },
    );
    const id = await declare('SEV-3 Emails delayed');
    const prefix = `${id.toLowerCase()}-emails-delayed`;
    const channel = () => channelsNamed(slack, prefix)[0]?.id;
    await slack.waitFor(() => incidentAlerts(slack, channel()).length > 0, { timeoutMs: 15 * SEC });
    const held = await s.heldTimer(id, (t) => t.kind === 'incident.setup');
    const holder = s.ownerOf(held.claimed_by) as Replica;
    await s.kill(holder);
    const survivor = s.others(holder)[0] as Replica;
    await s.quiet();
    expect(channelsNamed(slack, prefix)).toHaveLength(1);
    expect(incidentAlerts(slack, channel())).toHaveLength(1);
    expect(doubledPosts(slack)).toEqual([]);
    const after = (await s.timers(id)).find((t) => t.id === held.id);
    expect(after?.fired_at).not.toBeNull();
    expect(after?.lease_token).toBe(held.lease_token + 1);
    expect(s.ownerOf(after?.claimed_by ?? null)).toBe(survivor);
    const { rows } = await s.db.query<{ channel_id: string }>(
      'SELECT channel_id FROM incidents WHERE id = $1',
      [id],
    );
    expect(rows[0]?.channel_id).toBe(channel());
  }, 60_000);

  it('fires nothing twice when a replica holding a claim is stopped past its lease and then resumed', async () => {
    const s = await start();
    let arrived = false;
    slack.failMethod(
      'chat.postMessage',
      { delayMs: 1500 },
      {
        times: 1,
        when: (args) => {
          const alert = String(args.text ?? '').startsWith('INCIDENT ALERT');
          arrived ||= alert;
          return alert;
        },
      },
    );
    const id = await declare('SEV-3 Search is down');
    const prefix = `${id.toLowerCase()}-search-is-down`;
    const channel = () => channelsNamed(slack, prefix)[0]?.id;
    await slack.waitFor(() => arrived, { timeoutMs: 15 * SEC, description: 'the alert reached Slack' });
    const held = await s.heldTimer(id, (t) => t.kind === 'incident.setup');
    const stopped = s.ownerOf(held.claimed_by) as Replica;
    stopped.child.kill('SIGSTOP');
    const survivor = s.others(stopped)[0] as Replica;
    await slack.waitFor(
      async () => {
        const row = (await s.timers(id)).find((t) => t.id === held.id);
        return row?.fired_at !== null && s.ownerOf(row?.claimed_by ?? null) === survivor;
      },
      { timeoutMs: LEASE_MS + 15 * SEC, pollMs: 100, description: 'the survivor took the claim over' },
    );
    await s.quiet();
    const before = await s.timers(id);
    expect(incidentAlerts(slack, channel())).toHaveLength(1);

    stopped.child.kill('SIGCONT');
    await slack.waitFor(
      () => existsSync(stopped.log) && readFileSync(stopped.log, 'utf8').includes('its claim no longer held'),
      { timeoutMs: 15 * SEC, pollMs: 50, description: 'the resumed replica found its lease lost' },
    );
    const late = readFileSync(stopped.log, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { msg: string; timer?: number })
      .filter((l) => l.msg.includes('its claim no longer held'));
    expect(late.map((l) => l.timer)).toEqual([held.id]);
    await s.quiet();
    expect(await s.timers(id)).toEqual(before);
    expect(incidentAlerts(slack, channel())).toHaveLength(1);
    expect(doubledPosts(slack)).toEqual([]);
    const setupSteps = before.filter((t) => t.kind === 'incident.setup');
    expect(setupSteps.every((t) => t.fired_at !== null && t.attempts === 0)).toBe(true);

    const ready = await fetch(`${stopped.url}/readyz`);
    expect(ready.status).toBe(200);
    const index = s.replicas.indexOf(stopped);
    const servedBefore = s.proxy.served[index] ?? 0;
    const next = await Promise.all([declare('SEV-3 Cart totals wrong'), declare('SEV-3 Invoices missing')]);
    expect(s.proxy.served[index]).toBe(servedBefore + 1);
    await slack.waitFor(
      () =>
        next.every(
          (other) => incidentAlerts(slack, channelsNamed(slack, `${other.toLowerCase()}-`)[0]?.id).length > 0,
        ),
      { timeoutMs: 20 * SEC, description: 'the alerts of the incidents declared after the resume' },
    );
    await s.quiet();
    for (const other of next)
      expect(incidentAlerts(slack, channelsNamed(slack, `${other.toLowerCase()}-`)[0]?.id)).toHaveLength(1);
    expect(doubledPosts(slack)).toEqual([]);
  }, 90_000);
});
