import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock.js';
import { PagerDutyStandIn } from '../../src/sandbox/pagerduty/pagerduty-stand-in.js';
import { SlackStandIn } from '../../src/sandbox/slack-stand-in.js';
import { IDS } from '../../src/slack/ids.js';
import { type DeployHarness, startDeployHarness } from '../support/deploy-harness.js';
import { tempDbPath } from '../support/test-shipgate.js';

let h: DeployHarness;
let slack: SlackStandIn;
let pagerduty: PagerDutyStandIn;
const MIN = 60_000;
const idOf = (text: string) => /INC-\d{4}-\d{4}/.exec(text)?.[0] ?? '';

beforeAll(async () => {
  slack = await SlackStandIn.start({ seed: true });
  pagerduty = await PagerDutyStandIn.start();
  h = await startDeployHarness({ slack, pagerduty });
});
afterAll(async () => {
  await h.stop();
  await slack.stop();
  await pagerduty.stop();
});

async function incident(user: string, text: string, channel = 'C0DEPLOYS'): Promise<string> {
  const result = await h.slack.command({ user, command: '/incident', text, channel });
  await h.settle();
  return JSON.stringify(result.ack);
}
const record = async (id: string) => await h.shipgate.runtime.incidents.get(id);
const messageIn = async (slot: string, id: string) => {
  const ref = await h.shipgate.sync.ref(slot, id);
  return ref?.ts ? h.slack.state.message(ref.channel, ref.ts) : undefined;
};
async function click(user: string, slot: string, id: string, actionId: string): Promise<string> {
  const message = await messageIn(slot, id);
  if (!message) throw new Error(`no ${slot} message for ${id}`);
  const result = await h.slack.clickButton({ user, channel: message.channel, ts: message.ts, actionId });
  await h.slack
    .waitFor(() => result.responses.length > 0 || undefined, { timeoutMs: 5000 })
    .catch(() => undefined);
  await h.settle();
  return result.responses.map((r) => JSON.stringify(r.body)).join('\n');
}

describe('customer notification and review', () => {
  it('drafts the customer notice, lets only the commander approve it, and posts it to the status channel', async () => {
    const id = idOf(await incident('U0BOB', 'declare SEV-2 Checkout errors --service checkout'));
    const draft = await messageIn('customer-notice', id);
    expect(draft?.text).toContain('Customer notification draft');
    expect(JSON.stringify(draft?.blocks)).toContain('We are currently experiencing issues with checkout');

    expect(await click('U0CAROL', 'customer-notice', id, IDS.noticeEdit)).toContain(
      'Only the incident commander (<@U0BOB>) or an engineering lead can edit',
    );
    expect([...h.slack.state.views.values()].some((v) => v.userId === 'U0CAROL')).toBe(false);
    const edit = await h.slack.clickButton({
      user: 'U0DAVE',
      channel: draft?.channel ?? '',
      ts: draft?.ts ?? '',
      actionId: IDS.noticeEdit,
    });
    expect(edit.status).toBe(200);
    await h.slack.waitFor(() =>
      [...h.slack.state.views.values()].find((v) => v.open && v.userId === 'U0DAVE'),
    );
    const view = [...h.slack.state.views.values()].find((v) => v.open && v.userId === 'U0DAVE');
    await h.slack.submitView({
      user: 'U0DAVE',
      viewId: view?.id ?? '',
      values: { notice: { notice_input: 'Checkout payments are failing for some customers. We are on it.' } },
    });
    await h.settle();
    expect(JSON.stringify((await messageIn('customer-notice', id))?.blocks)).toContain(
      'Checkout payments are failing for some customers',
    );

    expect(await click('U0CAROL', 'customer-notice', id, IDS.noticeApprove)).toContain(
      'Only the incident commander (<@U0BOB>)',
    );
    expect(h.slack.messages('C0STATUS')).toHaveLength(0);
    const latest = await messageIn('customer-notice', id);
    await h.slack.clickButton({
      user: 'U0BOB',
      channel: latest?.channel ?? '',
      ts: latest?.ts ?? '',
      actionId: IDS.noticeEdit,
    });
    await h.slack.waitFor(() =>
      [...h.slack.state.views.values()].find((v) => v.open && v.userId === 'U0BOB'),
    );
    const late = [...h.slack.state.views.values()].find((v) => v.open && v.userId === 'U0BOB');
    expect(await click('U0BOB', 'customer-notice', id, IDS.noticeApprove)).toContain(
      'Posted the customer notification',
    );
    const refused = await h.slack.submitView({
      user: 'U0BOB',
      viewId: late?.id ?? '',
      values: { notice: { notice_input: 'A later edit nobody will post' } },
    });
    expect(JSON.stringify(refused.ack)).toContain('was already posted');
    expect(h.slack.messages('C0STATUS').map((m) => m.text)).toEqual([
      'Checkout payments are failing for some customers. We are on it.',
    ]);
    expect(JSON.stringify((await messageIn('customer-notice', id))?.blocks)).not.toContain(IDS.noticeApprove);
    const types = (await h.shipgate.events.forSubject(id)).map((e) => e.type);
    expect(types).toContain('incident.customer_notice_approved');
    expect(types).toContain('incident.customer_notice_posted');
  });

  it('reminds the commander of the review until it is marked done, and reminds action item owners', async () => {
    h.clock.set('2026-11-24T13:00:00Z');
    const id = idOf(await incident('U0ALICE', 'declare SEV-3 Slow search'));
    const channel = (await record(id))?.channelId ?? '';
    await incident('U0ALICE', 'ack', channel);
    await incident('U0ALICE', 'action add "Add a search latency alert" <@U0CAROL> due:2026-11-26', channel);
    await incident('U0ALICE', 'resolve Reindexed', channel);
    h.clock.advance(12 * 60 * MIN);
    await h.settle();
    expect(
      h.slack
        .messages(channel)
        .some((m) => m.text.includes('post-incident review of') && m.text.includes('<@U0ALICE>')),
    ).toBe(true);
    h.clock.set('2026-11-25T08:00:00Z');
    await h.settle();
    expect(
      h.slack.calls.some(
        (c) =>
          c.method === 'chat.postMessage' &&
          c.args.channel === 'U0CAROL' &&
          String(c.args.text).includes('Add a search latency alert'),
      ),
    ).toBe(true);
    expect(await click('U0CAROL', 'incident-card', id, IDS.reviewDone)).toContain(
      'Only the incident commander',
    );
    expect(await click('U0ALICE', 'incident-card', id, IDS.reviewDone)).toContain('review of');
    expect((await record(id))?.status).toBe('reviewed');
    expect(
      (await h.shipgate.timers.pending(id)).filter(
        (t) => t.kind === 'incident.clock' && String(t.payload.kind).startsWith('review'),
      ),
    ).toEqual([]);
  });
});

describe('faults', () => {
  it('records the incident when Slack refuses to create its channel, tells the declarer, and retries', async () => {
    h.clock.set('2026-11-24T15:00:00Z');
    h.slack.failMethod('conversations.create', { status: 500 }, { times: 1 });
    const id = idOf(await incident('U0DAVE', 'declare SEV-3 Flaky builds'));
    expect((await record(id))?.channelId).toBeUndefined();
    const told = h.slack
      .messages('C0DEPLOYS', { user: 'U0DAVE' })
      .find((m) => m.ephemeralFor === 'U0DAVE' && m.text.includes('setting it up failed at "channel"'));
    expect(told).toBeDefined();
    h.clock.advance(2000);
    await h.settle();
    expect((await record(id))?.channelName).toBe(`inc-${id.slice(4).toLowerCase()}-flaky-builds`);
    expect((await h.shipgate.events.forSubject(id)).map((e) => e.type)).toContain('incident.setup_failed');
  });

  it('shows a failed page with the escalation contacts on the card, and retries it', async () => {
    h.clock.set('2026-11-24T16:00:00Z');
    h.pagerduty.fail('/v2/enqueue', { status: 500, times: 1 });
    const id = idOf(await incident('U0BOB', 'declare SEV-1 Database unreachable'));
    const card = JSON.stringify((await messageIn('incident-card', id))?.blocks);
    expect(card).toContain('page FAILED');
    expect(card).toContain('Escalation contacts: <@U0DAVE>');
    h.clock.advance(60_000);
    await h.settle();
    expect(h.pagerduty.incident(id)?.status).toBe('triggered');
    expect(JSON.stringify((await messageIn('incident-card', id))?.blocks)).toContain('paged (triggered)');
  });

  it('gives a title that slugs to nothing a valid channel name', async () => {
    const id = idOf(await incident('U0BOB', 'declare SEV-4 "!!! ???"'));
    expect((await record(id))?.channelName).toBe(`inc-${id.slice(4).toLowerCase()}`);
  });
});

describe('private incidents, severity changes and archiving', () => {
  it('opens a private channel without announcing it, sends severity changes to PagerDuty, and archives after resolving', async () => {
    h.clock.set('2026-11-24T17:00:00Z');
    const announced = h.slack.messages('C0INCIDENTS').length;
    const id = idOf(await incident('U0DAVE', 'declare SEV-3 Leaked test key --private'));
    const channel = h.slack.state.channels.get((await record(id))?.channelId ?? '');
    expect(channel?.isPrivate).toBe(true);
    expect(h.slack.messages('C0INCIDENTS')).toHaveLength(announced);
    expect(h.pagerduty.incident(id)).toBeUndefined();
    await incident('U0DAVE', 'severity SEV-2', channel?.id);
    expect(h.pagerduty.incident(id)?.status).toBe('triggered');
    await incident('U0DAVE', 'severity SEV-1', channel?.id);
    const triggers = h.pagerduty.events.filter((e) => e.dedupKey === id && e.body.event_action === 'trigger');
    expect(triggers.map((e) => (e.body.payload as { severity: string }).severity)).toEqual([
      'error',
      'critical',
    ]);
    await incident('U0DAVE', 'resolve Key rotated', channel?.id);
    expect(h.slack.state.channels.get(channel?.id ?? '')?.isArchived ?? false).toBe(false);
    h.clock.advance(7 * 24 * 60 * MIN);
    await h.settle();
    expect(h.slack.state.channels.get(channel?.id ?? '')?.isArchived).toBe(true);
  });
});

describe('restart mid-incident', () => {
  it('keeps every clock across a restart and fires the ones that fell due while it was down at once', async () => {
    const dbPath = tempDbPath('shipgate-incident-restart-');
    const clock = new FakeClock('2026-11-24T10:00:00Z');
    let r = await startDeployHarness({ dbPath, clock, slack, pagerduty });
    const result = await slack.command({
      user: 'U0ERIN',
      command: '/incident',
      text: 'declare SEV-2 Login broken',
      channel: 'C0DEPLOYS',
    });
    await r.settle();
    const id = idOf(JSON.stringify(result.ack));
    const clocks = (await r.shipgate.timers.pending(id))
      .filter((t) => t.kind === 'incident.clock')
      .map((t) => [t.payload.kind, t.dueAt.toISOString()]);
    expect(clocks).toContainEqual(['response', '2026-11-24T10:30:00.000Z']);
    await r.stop();

    clock.set('2026-11-24T10:45:00Z');
    r = await startDeployHarness({ dbPath, clock, slack, pagerduty });
    await r.settle();
    const breach = (await r.shipgate.events.forSubject(id)).find((e) => e.type === 'incident.clock_breached');
    expect(breach?.payload).toMatchObject({
      clock: 'response',
      escalatedTo: ['engineering-lead'],
      dueAt: '2026-11-24T10:30:00.000Z',
    });
    expect(breach?.at).toEqual(new Date('2026-11-24T10:45:00Z'));
    await r.stop();
  });
});
