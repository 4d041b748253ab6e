import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PagerDutyStandIn } from '../../src/sandbox/pagerduty/pagerduty-stand-in.js';
import { SlackStandIn } from '../../src/sandbox/slack-stand-in.js';
import { IDS } from '../../src/slack/ids.js';
import { IN_WINDOW, startDeployHarness } from '../support/deploy-harness.js';
import { seedProductionVersion } from '../support/deploy-history.js';
import { type FreshSchema, freshSchema, missingPostgres } from '../support/postgres.js';
import { ReplicaSet } from '../support/replica-set.js';
import { ShipgateChildren } from '../support/shipgate-child.js';
import { doubledPosts, incidentAlerts } from '../support/slack-posts.js';
import { tempDbPath } from '../support/test-shipgate.js';

/**
 * Two Shipgate replicas on one PostgreSQL schema behind a round-robin proxy, hit by bursts of concurrent requests:
 * whichever replica takes a request, ids, channels, alerts, approvals and deploy runs come out once.
 */
const SEC = 1000;
let schema: FreshSchema;
let slack: SlackStandIn;
let pagerduty: PagerDutyStandIn;
let children: ShipgateChildren;
let set: ReplicaSet | undefined;
let targetLog: string;

describe.skipIf(missingPostgres())('two replicas under concurrent requests', () => {
  beforeAll(async () => {
    schema = await freshSchema('replicas_concurrency');
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

  /** Seeds checkout's production version through an in-process Shipgate on the schema, then stops it. */
  async function seed(version: string): Promise<void> {
    const h = await startDeployHarness({ databaseUrl: schema.url, slack, pagerduty });
    await seedProductionVersion(h, 'checkout', version, 'blue');
    await h.stop();
  }
  const start = () =>
    ReplicaSet.start({
      slack,
      pagerduty,
      children,
      schema,
      leaseMs: 4 * SEC,
      sweepSeconds: 1,
      clockStart: IN_WINDOW,
      targetLog,
    });

  it('declares 20 incidents at once over both replicas: distinct, gap-free ids, 20 channels, one alert each', async () => {
    const s = await start();
    set = s;
    const people = ['U0ALICE', 'U0BOB', 'U0CAROL', 'U0DAVE', 'U0ERIN', 'U0FRANK'];
    const acks = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        slack.command({
          user: people[i % people.length] as string,
          command: '/incident',
          text: `declare SEV-3 Outage number ${i + 1}`,
          channel: 'C0DEPLOYS',
        }),
      ),
    );
    expect(acks.map((a) => a.status)).toEqual(acks.map(() => 200));
    expect(s.proxy.served).toEqual([10, 10]);
    const ids = acks.map((a) => /INC-\d{4}-\d{4}/.exec(JSON.stringify(a.ack))?.[0] ?? '');
    expect(new Set(ids).size).toBe(20);
    expect(ids.map((id) => Number(id.slice(-4))).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    const declared = await s.db.query<{ id: string }>('SELECT id FROM incidents ORDER BY id');
    expect(declared.rows.map((r) => r.id)).toEqual([...ids].sort());

    const channelOf = (id: string) =>
      [...slack.state.channels.values()].find((c) => c.name.startsWith(`${id.toLowerCase()}-`))?.id;
    await slack.waitFor(() => ids.every((id) => incidentAlerts(slack, channelOf(id)).length > 0), {
      timeoutMs: 30 * SEC,
      description: 'an alert in every incident channel',
    });
    await s.quiet();
    const incidentChannels = [...slack.state.channels.values()].filter((c) =>
      /^inc-\d{4}-\d{4}-/.test(c.name),
    );
    expect(incidentChannels).toHaveLength(20);
    const stored = await s.db.query<{ id: string; channel_id: string | null }>(
      'SELECT id, channel_id FROM incidents ORDER BY id',
    );
    for (const { id, channel_id } of stored.rows) {
      expect(channel_id).toBe(channelOf(id));
      expect(incidentAlerts(slack, channel_id ?? undefined)).toHaveLength(1);
    }
    expect(doubledPosts(slack)).toEqual([]);
    const fired = (await s.timers()).filter((t) => t.fired_at !== null);
    expect(new Set(fired.map((t) => s.ownerOf(t.claimed_by)?.id))).toEqual(
      new Set(['replica-a', 'replica-b']),
    );
    expect(fired.every((t) => t.lease_token === 1)).toBe(true);
  }, 90_000);

  it('starts one deploy run when the last approver clicks Approve 45 times at once over both replicas', async () => {
    await seed('8.0.0');
    const s = await start();
    set = s;
    const requested = await slack.command({
      user: 'U0ALICE',
      command: '/deploy',
      text: 'checkout 8.0.1',
      channel: 'C0DEPLOYS',
    });
    const id = /DEP-\d{4}-\d{4}/.exec(JSON.stringify(requested.ack))?.[0] ?? '';
    expect(id).not.toBe('');
    const approvable = () =>
      slack.state
        .messagesIn('C0DEPLOYS')
        .find(
          (m) =>
            m.user === 'U0SHIPGATE' &&
            !m.threadTs &&
            m.text.includes(id) &&
            JSON.stringify(m.blocks ?? []).includes(IDS.deployApprove),
        );
    const message = await slack.waitFor(approvable, {
      timeoutMs: 30 * SEC,
      description: 'the approval request',
    });
    const first = await slack.clickButton({
      user: 'U0BOB',
      channel: 'C0DEPLOYS',
      ts: message.ts,
      actionId: IDS.deployApprove,
    });
    await slack.waitFor(() => first.responses.length > 0, { timeoutMs: 10 * SEC });
    expect(JSON.stringify(first.responses[0]?.body)).toContain(`you approved ${id}`);

    const clicks = await Promise.all(
      Array.from({ length: 45 }, () =>
        slack.clickButton({
          user: 'U0CAROL',
          channel: 'C0DEPLOYS',
          ts: message.ts,
          actionId: IDS.deployApprove,
        }),
      ),
    );
    expect(clicks.map((c) => c.status)).toEqual(clicks.map(() => 200));
    await slack.waitFor(() => clicks.every((c) => c.responses.length > 0), {
      timeoutMs: 30 * SEC,
      description: 'an answer to every click',
    });
    const answers = clicks.map((c) => JSON.stringify(c.responses.map((r) => r.body)));
    expect(answers.filter((a) => a.includes('the deploy starts now'))).toHaveLength(1);
    expect(answers.filter((a) => a.includes(`${id} is no longer waiting for approval`))).toHaveLength(44);
    await slack.waitFor(
      async () => {
        const { rows } = await s.db.query<{ state: string }>('SELECT state FROM deploys WHERE id = $1', [id]);
        return rows[0]?.state === 'succeeded';
      },
      { timeoutMs: 60 * SEC, pollMs: 100, description: `${id} succeeded` },
    );
    await slack.waitFor(
      () => slack.state.allMessages().some((m) => m.text.includes('checkout 8.0.1 is live in production')),
      { timeoutMs: 10 * SEC, description: 'the note that the deploy is live' },
    );
    await s.quiet();
    const steps = readFileSync(targetLog, 'utf8')
      .trim()
      .split('\n')
      .map((l) => {
        const { step, args } = JSON.parse(l) as { step: string; args: string[] };
        return step === 'validate' ? `validate ${args.at(-1)}` : step;
      });
    expect(steps).toEqual([
      'validate smoke_tests',
      'validate integration_tests',
      'validate security_scan',
      'validate performance_baseline',
      'deploy',
      'smoke_test',
      'switch_traffic',
    ]);
    const runs = (await s.timers(`run:${id}`)).filter((t) => t.kind === 'deploy.run');
    expect(runs.map((t) => t.fired_at !== null)).toEqual(runs.map(() => true));
    expect(runs.every((t) => t.lease_token === 1)).toBe(true);
    const approvals = await s.db.query<{ user_id: string }>(
      'SELECT user_id FROM deploy_approvals WHERE deploy_id = $1 ORDER BY user_id',
      [id],
    );
    expect(approvals.rows.map((r) => r.user_id)).toEqual(['U0BOB', 'U0CAROL']);
    expect(s.proxy.served.every((n) => n > 20)).toBe(true);
    expect(doubledPosts(slack)).toEqual([]);
  }, 120_000);
});
