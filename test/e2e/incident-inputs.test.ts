import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PagerDutyEvents } from '../../src/adapters/pagerduty/pagerduty-events.js';
import { FakeClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config/load-config.js';
import { createLogger } from '../../src/logger.js';
import { PagerDutyStandIn } from '../../src/sandbox/pagerduty/pagerduty-stand-in.js';
import { postWebhook, webhookEnvelope } from '../../src/sandbox/pagerduty/webhook-sender.js';
import { SlackStandIn } from '../../src/sandbox/slack-stand-in.js';
import { type Shipgate, startShipgate } from '../../src/shipgate.js';
import { DECLARE_FROM_MESSAGE } from '../../src/slack/blocks/declare-incident-modal.js';
import { slackDate } from '../../src/slack/render-mrkdwn.js';
import { IN_WINDOW, TEST_ROUTING_KEY } from '../support/deploy-harness.js';
import { TEST_SIGNING_SECRET, tempDbPath } from '../support/test-shipgate.js';
import { type TestStore, testStore } from '../support/test-store.js';

const SECRET = 'pagerduty-webhook-secret';
const CAROL = { id: 'PUCAROL', name: 'Carol Chen', email: 'carol@example.com' };
const DAVE = { id: 'PUDAVE', name: 'Dave Davis', email: 'dave@example.com' };
const idOf = (text: string) => /INC-\d{4}-\d{4}/.exec(text)?.[0] ?? '';

let clock: FakeClock;
let slack: SlackStandIn;
let pagerduty: PagerDutyStandIn;
/** Where the Shipgate keeps its data: a SQLite file, or a PostgreSQL schema of its own under SHIPGATE_TEST_STORE=postgres. */
let store: TestStore;
let shipgate: Shipgate;
const logs: { msg: string; outcome?: string; ts?: string }[] = [];

beforeAll(async () => {
  clock = new FakeClock(IN_WINDOW);
  slack = await SlackStandIn.start({ seed: true, clock });
  pagerduty = await PagerDutyStandIn.start({ now: () => clock.now() });
  store = await testStore('inputs');
  shipgate = await startShipgate({
    config: loadConfig('test/fixtures/deploy/shipgate.yml'),
    ...(store.databaseUrl ? { databaseUrl: store.databaseUrl } : {}),
    dbPath: tempDbPath('shipgate-inputs-'),
    port: 0,
    host: '127.0.0.1',
    clock,
    startScheduler: false,
    logger: createLogger({
      level: 'debug',
      destination: { write: (line) => void logs.push(JSON.parse(line)) },
    }),
    pager: new PagerDutyEvents({ routingKey: TEST_ROUTING_KEY, eventsUrl: pagerduty.url }),
    pagerDutyWebhookSecret: SECRET,
    slack: {
      botToken: 'xoxb-sandbox',
      botId: 'B0SHIPGATE',
      botUserId: 'U0SHIPGATE',
      signingSecret: TEST_SIGNING_SECRET,
      apiUrl: slack.apiUrl,
      retries: 0,
    },
  });
  slack.connectBot({ url: `${shipgate.url}/slack/events`, signingSecret: TEST_SIGNING_SECRET });
});
afterAll(async () => {
  await shipgate.stop();
  await store.drop();
  await slack.stop();
  await pagerduty.stop();
});

async function settle(): Promise<void> {
  for (let round = 0; round < 50; round++) {
    await shipgate.work.idle();
    if ((await shipgate.timers.tick()) === 0) return;
  }
  throw new Error('Shipgate did not settle');
}
async function incident(user: string, text: string, channel = 'C0DEPLOYS'): Promise<string> {
  const result = await slack.command({ user, command: '/incident', text, channel });
  await settle();
  return JSON.stringify(result.ack);
}
const record = async (id: string) => await shipgate.runtime.incidents.get(id);
const channelOf = async (id: string) => (await record(id))?.channelId ?? '';
const card = async (id: string) => {
  const ref = await shipgate.sync.ref('incident-card', id);
  return JSON.stringify(ref?.ts ? slack.state.message(ref.channel, ref.ts)?.blocks : undefined);
};
const eventsOf = async (id: string, type: string) =>
  (await shipgate.events.forSubject(id)).filter((e) => e.type === type);
const webhookUrl = () => `${shipgate.url}/pagerduty/webhook`;
/** A message someone posts in Slack, at the stand-in's current time. */
function post(channel: string, text: string, by: { user: string; botId?: string }, threadTs?: string) {
  return slack.state.storeMessage({
    channel,
    ts: slack.state.nextTs(),
    user: by.user,
    ...(by.botId ? { botId: by.botId } : {}),
    ...(threadTs ? { threadTs } : {}),
    text,
    reactions: [],
    via: 'user',
  });
}
/** Waits until the 📌 listener has logged its outcome for the message. */
const pinOutcome = (ts: string) =>
  vi.waitFor(
    () => {
      const line = logs.find((l) => l.msg === 'pushpin reaction' && l.ts === ts);
      if (!line) throw new Error(`no pushpin outcome for ${ts} yet`);
      return line.outcome;
    },
    { timeout: 5000 },
  );

describe('PagerDuty webhooks', () => {
  it('shows a signed acknowledgement on the card and the timeline, without acknowledging the Slack incident', async () => {
    const id = idOf(await incident('U0BOB', 'declare SEV-1 Checkout is down --service checkout'));
    expect(pagerduty.incident(id)?.status).toBe('triggered');
    const delivery = await pagerduty.sendWebhook(webhookUrl(), SECRET, {
      eventType: 'incident.acknowledged',
      dedupKey: id,
      agent: CAROL,
      assignees: [CAROL],
    });
    expect(delivery.status).toBe(200);
    await settle();
    expect(await card(id)).toContain('acknowledged — Carol Chen');
    expect((await eventsOf(id, 'incident.pagerduty_acknowledged')).map((e) => e.payload)).toEqual([
      { by: 'Carol Chen' },
    ]);
    expect((await record(id))?.status).toBe('declared');
    expect(await incident('U0BOB', 'timeline', await channelOf(id))).toContain(
      'PagerDuty page acknowledged by Carol Chen',
    );
  });

  it('refuses a forged or unsigned webhook with 401 and changes nothing', async () => {
    const id = idOf(await incident('U0BOB', 'declare SEV-2 Search is slow'));
    const before = (await shipgate.events.forSubject(id)).length;
    const forged = await pagerduty.sendWebhook(webhookUrl(), 'not-the-secret', {
      eventType: 'incident.acknowledged',
      dedupKey: id,
      agent: CAROL,
    });
    expect(forged.status).toBe(401);
    const unsigned = await fetch(webhookUrl(), { method: 'POST', body: forged.rawBody });
    expect(unsigned.status).toBe(401);
    await settle();
    expect(await shipgate.events.forSubject(id)).toHaveLength(before);
    expect((await record(id))?.pagerduty).toEqual({ state: 'triggered' });
    expect(await card(id)).toContain('paged (triggered)');
  });

  it('acts once on a webhook PagerDuty delivers twice', async () => {
    const id = idOf(await incident('U0BOB', 'declare SEV-2 Payments are slow'));
    const event = { eventType: 'incident.acknowledged' as const, dedupKey: id, agent: CAROL, id: `ev-${id}` };
    const first = await pagerduty.sendWebhook(webhookUrl(), SECRET, event);
    const again = await pagerduty.sendWebhook(webhookUrl(), SECRET, event);
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(JSON.parse(again.responseBody)).toMatchObject({ status: 'duplicate' });
    expect(await eventsOf(id, 'incident.pagerduty_acknowledged')).toHaveLength(1);
  });

  it('shows a reassignment and the resolution in PagerDuty on the card', async () => {
    const id = idOf(await incident('U0BOB', 'declare SEV-2 Login errors'));
    const reassigned = await pagerduty.sendWebhook(webhookUrl(), SECRET, {
      eventType: 'incident.reassigned',
      dedupKey: id,
      agent: CAROL,
      assignees: [DAVE],
    });
    expect(reassigned.status).toBe(200);
    await settle();
    expect(await card(id)).toContain('paged (triggered) — Dave Davis');
    await pagerduty.sendWebhook(webhookUrl(), SECRET, {
      eventType: 'incident.resolved',
      dedupKey: id,
      agent: DAVE,
    });
    await settle();
    expect(await card(id)).toContain('resolved — Dave Davis');
    expect((await record(id))?.status).toBe('declared');
  });

  it('answers 202 to a webhook about an incident Shipgate does not run, and records nothing', async () => {
    const before = await shipgate.events.count();
    const envelope = webhookEnvelope({
      event_type: 'incident.acknowledged',
      resource_type: 'incident',
      agent: null,
      data: { id: 'PFOREIGN', type: 'incident', incident_key: 'some-other-tool/disk-full' },
    });
    const delivery = await postWebhook(webhookUrl(), SECRET, envelope);
    expect(delivery.status).toBe(202);
    expect(await shipgate.events.count()).toBe(before);
  });
});

describe('📌 reactions', () => {
  it('adds a pinned message to the timeline with its own time and author, once however often it is pinned', async () => {
    clock.set('2026-11-24T13:00:00Z');
    const id = idOf(await incident('U0ALICE', 'declare SEV-3 Cache misses'));
    const channel = await channelOf(id);
    clock.set('2026-11-24T13:05:00Z');
    const message = post(channel, 'Hit rate dropped right after the 12:58 config push', { user: 'U0CAROL' });
    clock.set('2026-11-24T13:20:00Z');
    await slack.addReaction({ user: 'U0ALICE', channel, ts: message.ts, name: 'pushpin' });
    expect(await pinOutcome(message.ts)).toBe('pinned');
    await slack.addReaction({ user: 'U0BOB', channel, ts: message.ts, name: 'pushpin' });
    await vi.waitFor(() =>
      expect(
        logs.filter((l) => l.msg === 'pushpin reaction' && l.ts === message.ts).map((l) => l.outcome),
      ).toHaveLength(2),
    );
    expect(
      logs.filter((l) => l.msg === 'pushpin reaction' && l.ts === message.ts).map((l) => l.outcome),
    ).toEqual(['pinned', 'already_pinned']);
    const pinned = await eventsOf(id, 'incident.message_pinned');
    expect(pinned).toHaveLength(1);
    expect(pinned[0]?.payload).toMatchObject({
      author: 'U0CAROL',
      authorKind: 'human',
      postedAt: '2026-11-24T13:05:00.000Z',
    });
    expect(pinned[0]?.actor).toBe('U0ALICE');
    const timeline = await incident('U0ALICE', 'timeline', channel);
    expect(timeline).toContain(
      `${slackDate(new Date('2026-11-24T13:05:00Z'))} Pinned message from <@U0CAROL>: Hit rate dropped right after the 12:58 config push`,
    );
    expect((JSON.parse(timeline) as { text: string }).text.match(/Pinned message/g)).toHaveLength(1);
  });

  it('pins a bot’s reply inside a thread, attributed to the bot', async () => {
    clock.set('2026-11-24T14:00:00Z');
    const id = idOf(await incident('U0ALICE', 'declare SEV-3 Queue backlog'));
    const channel = await channelOf(id);
    const parent = post(channel, 'Looking at the consumers', { user: 'U0CAROL' });
    clock.set('2026-11-24T14:03:00Z');
    const reply = post(
      channel,
      'ALERT queue depth 12000 > 5000',
      { user: 'U0ROBOT', botId: 'B0ROBOT' },
      parent.ts,
    );
    await slack.addReaction({ user: 'U0CAROL', channel, ts: reply.ts, name: 'pushpin' });
    expect(await pinOutcome(reply.ts)).toBe('pinned');
    expect(slack.callsTo('conversations.replies').some((c) => c.args.ts === reply.ts)).toBe(true);
    expect((await eventsOf(id, 'incident.message_pinned')).map((e) => e.payload)).toEqual([
      expect.objectContaining({
        author: 'U0ROBOT',
        authorKind: 'bot',
        text: 'ALERT queue depth 12000 > 5000',
      }),
    ]);
  });

  it('ignores a 📌 outside incident channels', async () => {
    const before = await shipgate.events.count();
    const message = post('C0DEPLOYS', 'Lunch at noon?', { user: 'U0BOB' });
    await slack.addReaction({ user: 'U0ALICE', channel: 'C0DEPLOYS', ts: message.ts, name: 'pushpin' });
    expect(await pinOutcome(message.ts)).toBe('not_an_incident_channel');
    expect(slack.callsTo('conversations.history').some((c) => c.args.latest === message.ts)).toBe(false);
    expect(await shipgate.events.count()).toBe(before);
  });
});

describe('the "Declare incident" message shortcut', () => {
  async function openModal(ts: string) {
    const opened = slack.callsTo('views.open').length;
    await slack.messageShortcut({
      user: 'U0ALICE',
      channel: 'C0DEPLOYS',
      ts,
      callbackId: DECLARE_FROM_MESSAGE.shortcut,
    });
    await slack.waitFor(() => slack.callsTo('views.open').length > opened || undefined, { timeoutMs: 5000 });
    const view = [...slack.state.views.values()].at(-1);
    if (!view?.open) throw new Error('no modal opened');
    return view;
  }

  it('declares an incident from an alert message, whose timeline starts with that message', async () => {
    clock.set('2026-11-24T15:30:00Z');
    const alert = post(
      'C0DEPLOYS',
      'Checkout error rate 12% > 1%\nRunbook: https://runbooks.example.com/checkout',
      {
        user: 'U0ROBOT',
        botId: 'B0ROBOT',
      },
    );
    clock.set('2026-11-24T15:33:00Z');
    const view = await openModal(alert.ts);
    expect(view.body.callback_id).toBe(DECLARE_FROM_MESSAGE.modal);
    expect(JSON.stringify(view.body.blocks)).toContain('"initial_value":"Checkout error rate 12% > 1%"');
    const submitted = await slack.submitView({
      user: 'U0ALICE',
      viewId: view.id,
      values: {
        severity: { severity_input: 'SEV-2' },
        title: { title_input: 'Checkout error rate 12% > 1%' },
        service: { service_input: 'checkout' },
      },
    });
    expect(submitted.ack).toMatchObject({ response_action: 'update' });
    const id = idOf(JSON.stringify(submitted.view?.body));
    expect(id).toMatch(/^INC-2026-\d{4}$/);
    await settle();
    expect(await record(id)).toMatchObject({ severity: 'SEV-2', service: 'checkout', commander: 'U0ALICE' });
    expect((await shipgate.events.forSubject(id)).slice(0, 2).map((e) => e.type)).toEqual([
      'incident.declared',
      'incident.message_pinned',
    ]);
    const timeline = (await incident('U0ALICE', 'timeline', await channelOf(id))).split('\\n');
    expect(timeline[1]).toContain(
      `${slackDate(new Date('2026-11-24T15:30:00Z'))} Pinned message from <@U0ROBOT>: Checkout error rate 12% &gt; 1%`,
    );
    expect(timeline[2]).toContain(
      `${slackDate(new Date('2026-11-24T15:33:00Z'))} Incident declared by <@U0ALICE>: SEV-2`,
    );
  });

  it('answers an empty title with an error beside the field and declares nothing', async () => {
    const alert = post('C0DEPLOYS', 'Disk 95% full on db-1', { user: 'U0ROBOT', botId: 'B0ROBOT' });
    const view = await openModal(alert.ts);
    const incidentsBefore = (await shipgate.runtime.incidents.list(true)).length;
    const submitted = await slack.submitView({
      user: 'U0ALICE',
      viewId: view.id,
      values: { severity: { severity_input: 'SEV-3' }, title: { title_input: '   ' } },
    });
    expect(submitted.ack).toEqual({
      response_action: 'errors',
      errors: { title: 'Give the incident a title.' },
    });
    expect(submitted.view?.open).toBe(true);
    expect(await shipgate.runtime.incidents.list(true)).toHaveLength(incidentsBefore);
  });
});
