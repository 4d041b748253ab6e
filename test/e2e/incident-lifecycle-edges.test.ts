import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readIncidentLog } from '../../src/core/incidents/incident-log.js';
import { applyIncidentEvent, type IncidentSnapshot } from '../../src/core/incidents/incident-snapshot.js';
import {
  acceptedIncidentEvents,
  INCIDENT_STATES,
  MACHINE_EVENT_OF,
} from '../../src/core/incidents/incident-state-machine.js';
import { IDS } from '../../src/slack/ids.js';
import { type DeployHarness, startDeployHarness } from '../support/deploy-harness.js';

const SECRET = 'pagerduty-webhook-secret';
const MIN = 60_000;
const HOUR = 60 * MIN;
let h: DeployHarness;
const ids: string[] = [];

beforeAll(async () => {
  h = await startDeployHarness({ pagerDutyWebhookSecret: SECRET });
  h.clock.set('2026-11-24T09:00:00Z');
});
afterAll(async () => {
  await h.stop();
});

async function incident(user: string, text: string, channel = 'C0DEPLOYS'): Promise<string> {
  const result = await h.slack.command({ user, command: '/incident', text, channel });
  await h.settle();
  return JSON.stringify(result.ack);
}
async function declare(user: string, text: string): Promise<{ id: string; channel: string }> {
  const id = /INC-\d{4}-\d{4}/.exec(await incident(user, `declare ${text}`))?.[0] ?? '';
  ids.push(id);
  return { id, channel: (await h.shipgate.runtime.incidents.get(id))?.channelId ?? '' };
}
const statusOf = async (id: string) => (await h.shipgate.runtime.incidents.get(id))?.status;
const typesOf = async (id: string) => (await h.shipgate.events.forSubject(id)).map((e) => e.type);

async function clickIn(
  slot: 'incident-card' | 'customer-notice',
  id: string,
  user: string,
  actionId: string,
) {
  const ref = await h.shipgate.sync.ref(slot, id);
  if (!ref?.ts) throw new Error(`${id} has no ${slot} message`);
  const result = await h.slack.clickButton({ user, channel: ref.channel, ts: ref.ts, actionId });
  await vi.waitFor(() => expect(result.responses.length).toBeGreaterThan(0));
  await h.settle();
}
async function pin(id: string, channel: string, user: string, text: string) {
  const before = (await typesOf(id)).filter((t) => t === 'incident.message_pinned').length;
  const message = h.slack.state.storeMessage({
    channel,
    ts: h.slack.state.nextTs(),
    user,
    text,
    reactions: [],
    via: 'user',
  });
  await h.slack.addReaction({ user, channel, ts: message.ts, name: 'pushpin' });
  await vi.waitFor(async () =>
    expect((await typesOf(id)).filter((t) => t === 'incident.message_pinned')).toHaveLength(before + 1),
  );
}
async function acknowledgeInPagerDuty(id: string) {
  await h.pagerduty.sendWebhook(`${h.shipgate.url}/pagerduty/webhook`, SECRET, {
    eventType: 'incident.acknowledged',
    dedupKey: id,
    agent: { id: 'PUCAROL', name: 'Carol Chen', email: 'carol@example.com' },
  });
  await h.settle();
}

/** Every `state:event` the incidents of this run went through, replayed from their logs through the snapshot. */
async function edgesTaken(): Promise<Set<string>> {
  const edges = new Set<string>();
  for (const id of ids) {
    let snapshot: IncidentSnapshot | undefined;
    for (const entry of readIncidentLog(await h.shipgate.events.forSubject(id))) {
      edges.add(`${snapshot?.state ?? 'none'}:${MACHINE_EVENT_OF[entry.type]}`);
      snapshot = applyIncidentEvent(snapshot, entry);
    }
  }
  return edges;
}

describe('every edge of the incident state machine is reachable from Slack, PagerDuty and the clocks', () => {
  it('takes every kind of work while declared, then is acknowledged', async () => {
    const { id, channel } = await declare('U0BOB', 'SEV-1 Payments failing --service checkout');
    await incident('U0BOB', 'role scribe <@U0CAROL>', channel);
    await incident('U0BOB', 'severity SEV-2', channel);
    await incident('U0BOB', 'update Looking at the gateway', channel);
    await incident('U0BOB', 'note Gateway logs show TLS errors', channel);
    await pin(id, channel, 'U0CAROL', 'TLS handshake failures from 08:58');
    await acknowledgeInPagerDuty(id);
    await clickIn('customer-notice', id, 'U0BOB', IDS.noticeApprove);
    await incident('U0BOB', 'action add "Alert on certificate expiry" <@U0CAROL>', channel);
    await incident('U0BOB', 'action done A1', channel);
    h.clock.advance(31 * MIN);
    await h.settle();
    expect(await typesOf(id)).toContain('incident.clock_breached');
    expect(await statusOf(id)).toBe('declared');
    await incident('U0BOB', 'ack', channel);
    expect(await statusOf(id)).toBe('acknowledged');
  });

  it('takes every kind of work while acknowledged, then is resolved, reviewed and still takes follow-up', async () => {
    const id = ids[0] as string;
    const channel = (await h.shipgate.runtime.incidents.get(id))?.channelId ?? '';
    await incident('U0BOB', 'role comms <@U0ALICE>', channel);
    h.pagerduty.fail('/v2/enqueue', { status: 500, times: 1 });
    await incident('U0BOB', 'severity SEV-1', channel);
    h.clock.advance(MIN);
    await h.settle();
    expect((await typesOf(id)).filter((t) => t === 'incident.page_failed')).toHaveLength(1);
    await incident('U0BOB', 'update Rotating the certificate', channel);
    await incident('U0BOB', 'note Root cause: expired certificate', channel);
    await pin(id, channel, 'U0CAROL', 'New certificate deployed');
    await acknowledgeInPagerDuty(id);
    await incident('U0BOB', 'action add "Rotate certificates automatically" <@U0CAROL>', channel);
    await incident('U0BOB', 'action done A2', channel);
    h.clock.advance(25 * MIN);
    await h.settle();
    expect((await typesOf(id)).filter((t) => t === 'incident.clock_breached').length).toBeGreaterThan(1);
    await incident('U0BOB', 'commander <@U0ALICE>', channel);
    await incident('U0ALICE', 'resolve Certificate rotated', channel);
    expect(await statusOf(id)).toBe('resolved');

    await incident('U0ALICE', 'note Went well: paging reached the on-call in a minute', channel);
    await incident('U0ALICE', 'action add "Dashboard for certificate age" <@U0CAROL>', channel);
    await incident('U0ALICE', 'action done A3', channel);
    await incident('U0ALICE', 'action add "Runbook for rotation" <@U0BOB>', channel);
    h.pagerduty.fail('/v2/enqueue', { status: 500, times: 1 });
    h.clock.advance(49 * HOUR);
    await h.settle();
    expect((await h.shipgate.events.forSubject(id)).some((e) => e.payload.clock === 'review_due')).toBe(true);
    expect((await typesOf(id)).filter((t) => t === 'incident.page_failed')).toHaveLength(2);
    await clickIn('incident-card', id, 'U0ALICE', IDS.reviewDone);
    expect(await statusOf(id)).toBe('reviewed');
    await incident('U0BOB', 'action done A4', channel);
    expect((await typesOf(id)).filter((t) => t === 'incident.action_item_done')).toHaveLength(4);
  });

  it('posts a customer notice while acknowledged and while resolved, resolves undeclared work, and hands over command', async () => {
    const acknowledged = await declare('U0BOB', 'SEV-2 Search timeouts');
    await incident('U0BOB', 'ack', acknowledged.channel);
    await clickIn('customer-notice', acknowledged.id, 'U0BOB', IDS.noticeApprove);
    const resolved = await declare('U0BOB', 'SEV-2 Login slow');
    await incident('U0BOB', 'resolve Cache warmed', resolved.channel);
    await clickIn('customer-notice', resolved.id, 'U0BOB', IDS.noticeApprove);
    expect(await typesOf(resolved.id)).toContain('incident.customer_notice_posted');
    const handed = await declare('U0BOB', 'SEV-3 Stale avatars');
    await incident('U0BOB', 'commander <@U0CAROL>', handed.channel);
    expect(await statusOf(handed.id)).toBe('acknowledged');
  });

  it('has gone through every edge of the table', async () => {
    const table = [
      'none:declare',
      ...INCIDENT_STATES.flatMap((s) => acceptedIncidentEvents(s).map((e) => `${s}:${e}`)),
    ];
    const taken = await edgesTaken();
    expect(table.filter((edge) => !taken.has(edge))).toEqual([]);
  });
});
