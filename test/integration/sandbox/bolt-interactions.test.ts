import type { App, BlockAction, MessageShortcut } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/clock.js';
import type { SlackStandIn } from '../../../src/sandbox/slack-stand-in.js';
import { startBoltApp, startStandIn } from './stand-in-fixture.js';

let standIn: SlackStandIn;
let app: App | undefined;
let clock: FakeClock;
const log: { event: string; detail: unknown }[] = [];

const reasonModal = (title: string) => ({
  type: 'modal' as const,
  callback_id: 'emergency',
  title: { type: 'plain_text' as const, text: title },
  submit: { type: 'plain_text' as const, text: 'Send' },
  private_metadata: 'ap-1',
  blocks: [
    {
      type: 'input' as const,
      block_id: 'reason',
      label: { type: 'plain_text' as const, text: 'Reason' },
      element: { type: 'plain_text_input' as const, action_id: 'text' },
    },
  ],
});

function bot(bolt: App): void {
  bolt.action<BlockAction>('emergency', async ({ ack, body, client }) => {
    await ack();
    // The button's value says how long this bot "takes" before opening the modal, on the stand-in's fake clock.
    const action = body.actions[0];
    clock.advance(Number(action && 'value' in action ? action.value : 0));
    try {
      await client.views.open({ trigger_id: body.trigger_id, view: reasonModal('Emergency deploy') });
      log.push({ event: 'opened', detail: null });
    } catch (err) {
      log.push({ event: 'open-failed', detail: (err as { data?: { error?: string } }).data?.error });
    }
  });
  bolt.view('emergency', async ({ ack, view }) => {
    const reason = view.state.values.reason?.text?.value ?? '';
    log.push({ event: 'submitted', detail: { reason, meta: view.private_metadata } });
    if (reason.length < 5) return ack({ response_action: 'errors', errors: { reason: 'Say a bit more' } });
    if (reason === 'confirm please') return ack({ response_action: 'update', view: reasonModal('Confirm') });
    if (reason === 'one more step') return ack({ response_action: 'push', view: reasonModal('Step 2') });
    await ack();
  });
  bolt.shortcut<MessageShortcut>('open_incident', async ({ ack, shortcut }) => {
    await ack();
    log.push({ event: 'shortcut', detail: shortcut });
  });
  bolt.event('reaction_added', async ({ event, context }) => {
    log.push({
      event: 'reaction',
      detail: { event, retryNum: context.retryNum, retryReason: context.retryReason },
    });
  });
  bolt.event('app_mention', async ({ event, body }) => {
    log.push({ event: 'mention', detail: { event, eventId: (body as { event_id: string }).event_id } });
  });
}

async function postEmergencyButton(delayMs = 0): Promise<string> {
  const posted = standIn.state.storeMessage({
    channel: 'C0DEPLOYS',
    ts: standIn.state.nextTs(),
    user: 'U0SHIPGATE',
    botId: 'B0SHIPGATE',
    text: 'Blocked by change window',
    blocks: [
      {
        type: 'actions',
        block_id: 'window',
        elements: [
          {
            type: 'button',
            action_id: 'emergency',
            text: { type: 'plain_text', text: 'Break glass' },
            value: String(delayMs),
          },
        ],
      },
    ],
    reactions: [],
    via: 'api',
  });
  return posted.ts;
}

async function openModal(): Promise<string> {
  const ts = await postEmergencyButton();
  await standIn.clickButton({ user: 'alice', channel: 'deploys', ts, actionId: 'emergency' });
  await standIn.waitFor(() => log.some((l) => l.event === 'opened'));
  const view = [...standIn.state.views.values()].find((v) => v.open);
  if (!view) throw new Error('no modal open');
  return view.id;
}

beforeEach(async () => {
  log.length = 0;
  clock = new FakeClock('2026-11-24T10:00:00Z');
  standIn = await startStandIn({ clock });
  app = await startBoltApp(standIn, bot);
});
afterEach(async () => {
  await app?.stop();
  await standIn.stop();
});

describe('modals', () => {
  it('opens a modal from a button’s trigger_id and delivers the submitted values', async () => {
    const viewId = await openModal();
    const result = await standIn.submitView({
      user: 'alice',
      viewId,
      values: { reason: { text: 'hotfix for INC-7' } },
    });
    expect(result.status).toBe(200);
    expect(result.view).toBeUndefined();
    expect(standIn.state.views.get(viewId)?.open).toBe(false);
    expect(log.at(-1)).toEqual({ event: 'submitted', detail: { reason: 'hotfix for INC-7', meta: 'ap-1' } });
  });

  it('keeps the modal open when the bot answers response_action errors', async () => {
    const viewId = await openModal();
    const result = await standIn.submitView({ user: 'alice', viewId, values: { reason: { text: 'eh' } } });
    expect(result.ack).toEqual({ response_action: 'errors', errors: { reason: 'Say a bit more' } });
    expect(result.view?.id).toBe(viewId);
    expect(standIn.state.views.get(viewId)?.open).toBe(true);
  });

  it('replaces the modal on update and stacks a new one on push', async () => {
    const viewId = await openModal();
    const updated = await standIn.submitView({
      user: 'alice',
      viewId,
      values: { reason: { text: 'confirm please' } },
    });
    expect(updated.view?.body.title).toEqual({ type: 'plain_text', text: 'Confirm' });
    const pushed = await standIn.submitView({
      user: 'alice',
      viewId,
      values: { reason: { text: 'one more step' } },
    });
    expect(pushed.view).toMatchObject({ previousViewId: viewId, rootViewId: viewId, open: true });
  });

  it('refuses a submission by someone the modal is not open for', async () => {
    const viewId = await openModal();
    await expect(
      standIn.submitView({ user: 'bob', viewId, values: { reason: { text: 'x' } } }),
    ).rejects.toThrow(/open for U0ALICE/);
  });

  it('lets views.open fail with expired_trigger_id when the bot takes longer than 3 seconds', async () => {
    const ts = await postEmergencyButton(3001);
    await standIn.clickButton({ user: 'alice', channel: 'deploys', ts, actionId: 'emergency' });
    await standIn.waitFor(() => log.length > 0);
    expect(log).toEqual([{ event: 'open-failed', detail: 'expired_trigger_id' }]);
  });
});

describe('shortcuts and events', () => {
  it('delivers a message shortcut with the message and a trigger_id', async () => {
    const ts = await postEmergencyButton();
    const result = await standIn.messageShortcut({
      user: 'carol',
      channel: 'deploys',
      ts,
      callbackId: 'open_incident',
    });
    expect(result.status).toBe(200);
    await standIn.waitFor(() => log.some((l) => l.event === 'shortcut'));
    expect(log.find((l) => l.event === 'shortcut')?.detail).toMatchObject({
      type: 'message_action',
      callback_id: 'open_incident',
      user: { id: 'U0CAROL' },
      channel: { id: 'C0DEPLOYS' },
      message_ts: ts,
      message: { text: 'Blocked by change window' },
      trigger_id: result.triggerId,
    });
  });

  it('stores a reaction and sends reaction_added, with retry headers reaching Bolt’s context', async () => {
    const ts = await postEmergencyButton();
    const reply = await standIn.addReaction({
      user: 'dave',
      channel: 'deploys',
      ts,
      name: 'rotating_light',
      retryNum: 1,
    });
    expect(reply.status).toBe(200);
    await standIn.waitFor(() => log.some((l) => l.event === 'reaction'));
    expect(log.find((l) => l.event === 'reaction')?.detail).toMatchObject({
      event: {
        type: 'reaction_added',
        user: 'U0DAVE',
        reaction: 'rotating_light',
        item_user: 'U0SHIPGATE',
        item: { channel: 'C0DEPLOYS', ts },
      },
      retryNum: 1,
      retryReason: 'http_timeout',
    });
    expect(standIn.state.message('C0DEPLOYS', ts)?.reactions).toEqual([
      { name: 'rotating_light', users: ['U0DAVE'] },
    ]);
  });

  it('posts a mention as the user and sends app_mention in an event_callback envelope', async () => {
    const { ts } = await standIn.mention({ user: 'erin', channel: 'incidents', text: 'status?' });
    await standIn.waitFor(() => log.some((l) => l.event === 'mention'));
    expect(log.find((l) => l.event === 'mention')?.detail).toMatchObject({
      event: {
        type: 'app_mention',
        user: 'U0ERIN',
        text: '<@U0SHIPGATE> status?',
        ts,
        channel: 'C0INCIDENTS',
      },
      eventId: expect.stringMatching(/^Ev/),
    });
    expect(standIn.messages('incidents').map((m) => m.text)).toEqual(['<@U0SHIPGATE> status?']);
  });

  it('wraps a raw event with the given event_id', async () => {
    const reply = await standIn.sendEvent(
      { type: 'app_mention', user: 'U0BOB', text: '<@U0SHIPGATE> hi', ts: '1.000001', channel: 'C0DEPLOYS' },
      { eventId: 'Ev0FIXED' },
    );
    expect(reply.status).toBe(200);
    await standIn.waitFor(() => log.some((l) => l.event === 'mention'));
    expect(log.find((l) => l.event === 'mention')?.detail).toMatchObject({ eventId: 'Ev0FIXED' });
  });
});
