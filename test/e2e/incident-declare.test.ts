import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackDate } from '../../src/slack/render-mrkdwn.js';
import { type DeployHarness, startDeployHarness } from '../support/deploy-harness.js';

let h: DeployHarness;
const MIN = 60_000;
const idOf = (text: string) => /INC-\d{4}-\d{4}/.exec(text)?.[0] ?? '';

beforeAll(async () => {
  h = await startDeployHarness();
  h.pagerduty.setOnCall({
    scheduleId: 'PSCH001',
    users: [{ id: 'PUCAROL', name: 'Carol', email: 'carol@example.com' }],
  });
});
afterAll(async () => {
  await h.stop();
});

async function incident(user: string, text: string, channel = 'C0DEPLOYS'): Promise<string> {
  const result = await h.slack.command({ user, command: '/incident', text, channel });
  await h.settle();
  return JSON.stringify(result.ack);
}

const channelOf = async (id: string) => (await h.shipgate.runtime.incidents.get(id))?.channelId ?? '';
const cardOf = async (id: string) => {
  const ref = await h.shipgate.sync.ref('incident-card', id);
  return ref?.ts ? h.slack.state.message(ref.channel, ref.ts) : undefined;
};

describe('/incident declare', () => {
  it('opens a channel with the right people, a pinned card, the internal alert, an announcement and a page', async () => {
    const ack = await incident('U0BOB', 'declare SEV-1 Checkout is down --service checkout');
    const id = idOf(ack);
    expect(id).toMatch(/^INC-2026-\d{4}$/);
    const record = await h.shipgate.runtime.incidents.get(id);
    expect(record?.channelName).toBe(`inc-${id.slice(4).toLowerCase()}-checkout-is-down`);
    const channel = h.slack.state.channels.get(await channelOf(id));
    expect([...(channel?.members ?? [])].sort()).toEqual(['U0BOB', 'U0CAROL', 'U0DAVE', 'U0SHIPGATE'].sort());
    expect(channel?.topic?.value ?? JSON.stringify(channel)).toContain('SEV-1');
    const card = await cardOf(id);
    expect(card?.pinnedBy).toBeDefined();
    expect(JSON.stringify(card?.blocks)).toContain(
      `Response (acknowledge with a commander): due ${slackDate(new Date('2026-11-24T10:15:00Z'))}`,
    );
    expect(JSON.stringify(card?.blocks)).toContain('paged (triggered)');
    const inChannel = h.slack.messages(await channelOf(id)).map((m) => m.text);
    expect(inChannel.some((t) => t.includes('INCIDENT ALERT: SEV-1'))).toBe(true);
    expect(h.slack.messages('C0INCIDENTS').some((m) => m.text.includes(id))).toBe(true);
    expect(h.pagerduty.incident(id)?.status).toBe('triggered');
  });

  it('escalates an unacknowledged SEV-1 after 15 minutes to the engineering lead and the CTO', async () => {
    h.clock.set('2026-11-24T11:00:00Z');
    const id = idOf(await incident('U0ALICE', 'declare SEV-1 Payments failing'));
    h.clock.advance(10 * MIN);
    await h.settle();
    expect(
      h.slack.messages(await channelOf(id)).some((m) => m.text.includes('still needs an acknowledgement')),
    ).toBe(true);
    h.clock.advance(5 * MIN);
    await h.settle();
    const breach = (await h.shipgate.events.forSubject(id)).find((e) => e.type === 'incident.clock_breached');
    expect(breach?.payload).toMatchObject({ clock: 'response', escalatedTo: ['engineering-lead', 'cto'] });
    expect(
      h.slack
        .messages(await channelOf(id))
        .some(
          (m) =>
            m.text.includes('was not acknowledged in time') &&
            m.text.includes('<@U0DAVE>') &&
            m.text.includes('<@U0ERIN>'),
        ),
    ).toBe(true);
    expect(h.slack.calls.some((c) => c.method === 'chat.postMessage' && c.args.channel === 'U0ERIN')).toBe(
      true,
    );
  });

  it('acknowledges, keeps update cadence, re-plans clocks on a severity change, and resolves', async () => {
    h.clock.set('2026-11-24T12:00:00Z');
    const id = idOf(await incident('U0ALICE', 'declare SEV-2 Search is slow'));
    const channel = await channelOf(id);
    expect(await incident('U0ALICE', 'ack', channel)).toContain(
      `acknowledged; the response clock is stopped. The next status update is due at ${slackDate(new Date('2026-11-24T12:30:00Z'), 'time')}.`,
    );
    expect(h.pagerduty.incident(id)?.status).toBe('acknowledged');
    expect(await incident('U0ALICE', 'ack', channel)).toContain('already acknowledged');
    expect(JSON.stringify((await cardOf(id))?.blocks)).toContain(
      `Next status update: due ${slackDate(new Date('2026-11-24T12:30:00Z'))}`,
    );
    h.clock.advance(10 * MIN);
    const topics = h.slack.callsTo('conversations.setTopic').length;
    expect(await incident('U0ALICE', 'update Rolled back the search index', channel)).toContain(
      `The next status update is due at ${slackDate(new Date('2026-11-24T12:40:00Z'), 'time')}.`,
    );
    await incident('U0ALICE', 'note Index rebuild started', channel);
    expect(h.slack.callsTo('conversations.setTopic')).toHaveLength(topics);
    expect(JSON.stringify((await cardOf(id))?.blocks)).toContain(
      `Next status update: due ${slackDate(new Date('2026-11-24T12:40:00Z'))}`,
    );
    await incident('U0ALICE', 'severity SEV-1', channel);
    expect(h.slack.state.channels.get(channel)?.topic?.value).toContain('SEV-1 ·');
    expect(JSON.stringify((await cardOf(id))?.blocks)).toContain(
      `Next status update: due ${slackDate(new Date('2026-11-24T12:30:00Z'))}`,
    );
    expect(await incident('U0ALICE', 'commander <@U0ROBOT>', channel)).toContain('is not a person');
    expect(await incident('U0ALICE', 'commander <@U0BOB>', channel)).toContain('incident commander');
    expect(await incident('U0BOB', 'role scribe <@U0CAROL>', channel)).toContain('<@U0CAROL> is now scribe');
    expect(JSON.stringify((await cardOf(id))?.blocks)).toContain('scribe: <@U0CAROL>');
    const status = await incident('U0BOB', 'status', channel);
    expect(status).toContain('commander <@U0BOB>');
    expect(status).toContain('updates: 1');
    expect(await incident('U0ERIN', 'list', 'C0INCIDENTS')).toContain(`*${id}* SEV-1 Search is slow`);
    await incident('U0BOB', 'resolve Index rebuilt and traffic back to normal', channel);
    const record = await h.shipgate.runtime.incidents.get(id);
    expect(record?.status).toBe('resolved');
    expect(h.pagerduty.incident(id)?.status).toBe('resolved');
    expect(h.slack.messages(channel).some((m) => m.text.includes('RESOLVED'))).toBe(true);
    expect(JSON.stringify((await cardOf(id))?.blocks)).toMatch(
      /Post-incident review: due <!date\^\d+\^[^|]*\|2026-11-26/,
    );
    expect(await incident('U0BOB', 'update too late', channel)).toContain(id);
    const timeline = await incident('U0BOB', 'timeline', channel);
    expect(timeline).toContain(slackDate(new Date('2026-11-24T12:10:00Z')));
  });

  it('closes an action item with `action done`, once, on the timeline and out of the reminders', async () => {
    h.clock.set('2026-11-24T14:00:00Z');
    const id = idOf(await incident('U0BOB', 'declare SEV-3 Stale search results'));
    const channel = await channelOf(id);
    const added = await incident(
      'U0BOB',
      'action add "Alert on index lag" <@U0CAROL> due:2026-12-01',
      channel,
    );
    expect(added).toContain(`Mark it done with \`/incident ${id} action done A1\``);
    const reminders = async () =>
      (await h.shipgate.timers.pending(id)).filter(
        (t) => t.kind === 'incident.clock' && t.payload.kind === 'action_reminder',
      );
    expect((await reminders()).length).toBeGreaterThan(0);
    expect(await incident('U0CAROL', 'action done A1', channel)).toContain('Action item A1 of');
    expect(await reminders()).toEqual([]);
    expect(await incident('U0CAROL', 'action done a1', channel)).toContain('is already done');
    expect(await incident('U0CAROL', 'action done A9', channel)).toContain(`${id} has no action item A9`);
    expect(await incident('U0CAROL', 'timeline', channel)).toContain(
      'Action item done: Alert on index lag (by <@U0CAROL>)',
    );
  });

  it('answers mistakes with the reason and usage', async () => {
    expect(await incident('U0ALICE', 'ack', 'C0DEPLOYS')).toContain('this is not an incident channel');
    expect(await incident('U0ALICE', 'INC-2026-9999 ack')).toContain('INC-2026-9999 does not exist');
    expect(await incident('U0ALICE', 'declare SEV-2 Broken --service billing')).toContain(
      'unknown service `billing`',
    );
  });
});
