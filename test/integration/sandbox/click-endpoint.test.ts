import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SlackStandIn } from '../../../src/sandbox/slack-stand-in.js';
import { startBoltApp, startStandIn } from './stand-in-fixture.js';

let standIn: SlackStandIn;
let app: App | undefined;
const clicks: { user: string; action: string; value: string | undefined; ts: string | undefined }[] = [];

const LABELS: Record<string, string> = { approve: 'Approve', reject: 'Reject', slow: 'Slow' };

/** A message with one button per action (`deploy.<action>`), each carrying the deploy id as its value. */
const decision = (id: string, label: string, actions = ['approve', 'reject']) => ({
  text: `${id}: ${label}`,
  blocks: [
    { type: 'section' as const, text: { type: 'mrkdwn' as const, text: `${id}: ${label}` } },
    {
      type: 'actions' as const,
      block_id: 'decision',
      elements: actions.map((action) => ({
        type: 'button' as const,
        action_id: `deploy.${action}`,
        text: { type: 'plain_text' as const, text: LABELS[action] ?? action },
        value: id,
      })),
    },
  ],
});

function bot(bolt: App): void {
  bolt.action<BlockAction<ButtonAction>>('deploy.approve', async ({ ack, body, action, respond, client }) => {
    await ack();
    clicks.push({ user: body.user.id, action: action.action_id, value: action.value, ts: body.message?.ts });
    await respond({ response_type: 'ephemeral', replace_original: false, text: `Thanks, ${body.user.name}` });
    await client.chat.postEphemeral({ channel: 'C0DEPLOYS', user: 'U0CAROL', text: 'carol only' });
    // A slower follow-up: the transcript must still hold it, since the stand-in waits for the bot to go quiet.
    await new Promise((resolve) => setTimeout(resolve, 60));
    await client.chat.update({
      channel: body.channel?.id ?? '',
      ts: body.message?.ts ?? '',
      text: `${action.value}: approved by ${body.user.name}`,
      blocks: [],
    });
  });
  bolt.action<BlockAction<ButtonAction>>('deploy.slow', async ({ ack, client }) => {
    await ack();
    await new Promise((resolve) => setTimeout(resolve, 450));
    await client.chat.postMessage({ channel: 'C0DEPLOYS', text: 'slow follow-up' });
  });
  bolt.action<BlockAction<ButtonAction>>('deploy.reject', async ({ ack, body, client }) => {
    await ack();
    await client.views.open({
      trigger_id: body.trigger_id,
      view: {
        type: 'modal',
        callback_id: 'reject.modal',
        title: { type: 'plain_text', text: 'Reject deploy' },
        submit: { type: 'plain_text', text: 'Reject' },
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text: 'Why?' } },
          {
            type: 'input',
            block_id: 'reason',
            label: { type: 'plain_text', text: 'Reason' },
            element: { type: 'plain_text_input', action_id: 'reason_input' },
          },
        ],
      },
    });
  });
}

async function post(channel: string, message: ReturnType<typeof decision>): Promise<string> {
  const posted = await (app as App).client.chat.postMessage({ channel, ...message });
  return posted.ts ?? '';
}

async function click(body: unknown) {
  const res = await fetch(`${standIn.url}/_standin/click`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

type Seen = { text: string; ephemeral: boolean; channel_name: string; ts: string };

beforeEach(async () => {
  clicks.length = 0;
  standIn = await startStandIn({ quietMs: 200 });
});
afterEach(async () => {
  await app?.stop();
  app = undefined;
  await standIn.stop();
});

describe('POST /_standin/click', () => {
  it('clicks the newest message holding the button as a signed block_actions and returns what the user saw', async () => {
    app = await startBoltApp(standIn, bot);
    await post('C0DEPLOYS', decision('DEP-1', 'older request'));
    const newest = await post('C0STATUS', decision('DEP-1', 'newer request'));
    const { status, json } = await click({ user: 'bob', value: 'DEP-1', action: 'approve' });
    expect(status).toBe(200);
    expect(clicks).toEqual([{ user: 'U0BOB', action: 'deploy.approve', value: 'DEP-1', ts: newest }]);
    expect(json.responses).toEqual([
      { response_type: 'ephemeral', replace_original: false, text: 'Thanks, bob' },
    ]);
    const messages = json.messages as Seen[];
    expect(messages.map((m) => [m.text, m.ephemeral, m.channel_name])).toEqual([
      ['DEP-1: approved by bob', false, 'status'],
      ['Thanks, bob', true, 'status'],
    ]);
    expect(json.views).toEqual([]);
    const older = standIn.messages('C0DEPLOYS')[0];
    expect(older?.text).toBe('DEP-1: older request');
  });

  it('accepts the full action_id and ignores buttons on ephemeral messages', async () => {
    app = await startBoltApp(standIn, bot);
    const visible = await post('C0DEPLOYS', decision('DEP-2', 'in channel'));
    await app.client.chat.postEphemeral({
      channel: 'C0DEPLOYS',
      user: 'U0BOB',
      ...decision('DEP-2', 'just bob'),
    });
    const { status } = await click({ user: 'bob', value: 'DEP-2', action: 'deploy.approve' });
    expect(status).toBe(200);
    expect(clicks.map((c) => c.ts)).toEqual([visible]);
  });

  it('reports the title and input blocks of a modal the click opened', async () => {
    app = await startBoltApp(standIn, bot);
    await post('C0DEPLOYS', decision('DEP-3', 'request'));
    const { status, json } = await click({ user: 'frank', value: 'DEP-3', action: 'reject' });
    expect(status).toBe(200);
    expect(json.views).toEqual([
      { id: expect.any(String), callback_id: 'reject.modal', title: 'Reject deploy', inputs: ['reason'] },
    ]);
    expect(json.messages).toEqual([]);
  });

  it('waits for a longer silence when the caller asks for one', async () => {
    app = await startBoltApp(standIn, bot);
    await post('C0DEPLOYS', decision('DEP-7', 'slow', ['slow']));
    const { status, json } = await click({ user: 'bob', value: 'DEP-7', action: 'slow', quietMs: 900 });
    expect(status).toBe(200);
    expect((json.messages as Seen[]).map((m) => m.text)).toEqual(['slow follow-up']);
    expect(await click({ user: 'bob', value: 'DEP-7', quietMs: 0 })).toEqual({
      status: 400,
      json: { error: 'quietMs must be a whole number of milliseconds from 1 to 60000' },
    });
  });

  it('refuses with 400 and lists the buttons that carry the value when none matches the action', async () => {
    app = await startBoltApp(standIn, bot);
    await post('C0DEPLOYS', decision('DEP-4', 'request'));
    expect(await click({ user: 'bob', value: 'DEP-4', action: 'launch' })).toEqual({
      status: 400,
      json: {
        error:
          'no launch button with value DEP-4; buttons with that value: deploy.approve (Approve), deploy.reject (Reject)',
      },
    });
    expect(await click({ user: 'bob', value: 'DEP-404', action: 'approve' })).toEqual({
      status: 400,
      json: { error: 'no message has a button with value DEP-404 (none to click)' },
    });
    expect(clicks).toEqual([]);
  });

  it('refuses to guess between several buttons with the value when no action is given', async () => {
    app = await startBoltApp(standIn, bot);
    await post('C0DEPLOYS', decision('DEP-5', 'request'));
    const { status, json } = await click({ user: 'bob', value: 'DEP-5' });
    expect(status).toBe(400);
    expect(json.error).toContain(
      'several buttons have value DEP-5: deploy.approve (Approve), deploy.reject (Reject)',
    );
    expect(clicks).toEqual([]);
  });

  it('answers 400 for a bad body or an unknown user, and 409 without a bot', async () => {
    expect((await click({ user: 'bob', value: 'DEP-6' })).status).toBe(409);
    app = await startBoltApp(standIn, bot);
    await post('C0DEPLOYS', decision('DEP-6', 'request'));
    expect(await click({ value: 'DEP-6' })).toEqual({
      status: 400,
      json: { error: 'user and value are required strings' },
    });
    expect((await click({ user: 'bob', value: 'DEP-6', action: 3 })).status).toBe(400);
    expect(await click({ user: 'mallory', value: 'DEP-6', action: 'approve' })).toEqual({
      status: 400,
      json: { error: 'unknown user mallory' },
    });
    expect(clicks).toEqual([]);
  });
});
