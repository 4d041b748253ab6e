import type { App, BlockAction, SlashCommand } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SlackStandIn } from '../../../src/sandbox/slack-stand-in.js';
import { startBoltApp, startStandIn, webClient } from './stand-in-fixture.js';

let standIn: SlackStandIn;
let app: App | undefined;
const seen: { commands: SlashCommand[]; actions: BlockAction[] } = { commands: [], actions: [] };

const approvalBlocks = [
  { type: 'section', text: { type: 'mrkdwn', text: '*api* 1.2.3 → production' } },
  {
    type: 'actions',
    block_id: 'approval',
    elements: [
      {
        type: 'button',
        action_id: 'approve',
        style: 'primary',
        text: { type: 'plain_text', text: 'Approve' },
        value: 'ap-1',
      },
      {
        type: 'button',
        action_id: 'reject',
        style: 'danger',
        text: { type: 'plain_text', text: 'Reject' },
        value: 'ap-1',
      },
    ],
  },
];

function deployBot(bolt: App): void {
  bolt.command('/deploy', async ({ ack, command, respond, client }) => {
    seen.commands.push(command);
    await ack({ response_type: 'ephemeral', text: `Checking ${command.text}…` });
    await client.chat.postMessage({
      channel: command.channel_id,
      text: 'Approval needed',
      blocks: approvalBlocks,
    });
    await respond({ text: 'Approval requested' });
  });
  bolt.action<BlockAction>('approve', async ({ ack, body, respond }) => {
    await ack();
    seen.actions.push(body);
    await respond({ replace_original: true, text: `Approved by <@${body.user.id}>` });
  });
  bolt.action<BlockAction>('pick_env', async ({ ack, body }) => {
    await ack();
    seen.actions.push(body);
  });
}

beforeEach(async () => {
  seen.commands.length = 0;
  seen.actions.length = 0;
  standIn = await startStandIn();
  app = await startBoltApp(standIn, deployBot);
});
afterEach(async () => {
  await app?.stop();
  await standIn.stop();
});

describe('slash commands through a real Bolt app', () => {
  it('delivers a signed command, returns the ack, and records what the bot posts to the response_url', async () => {
    const result = await standIn.command({
      user: 'alice',
      command: '/deploy',
      text: 'api 1.2.3',
      channel: 'deploys',
    });
    expect(result.status).toBe(200);
    expect(result.ack).toEqual({ response_type: 'ephemeral', text: 'Checking api 1.2.3…' });
    await standIn.waitFor(() => result.responses.length === 1);
    expect(result.responses[0]).toMatchObject({ status: 200, body: { text: 'Approval requested' } });
    expect(seen.commands[0]).toMatchObject({
      token: 'sandbox-verification-token',
      team_id: 'T0SANDBOX',
      team_domain: 'shipgate-sandbox',
      channel_id: 'C0DEPLOYS',
      channel_name: 'deploys',
      user_id: 'U0ALICE',
      user_name: 'alice',
      command: '/deploy',
      text: 'api 1.2.3',
      api_app_id: 'A0SHIPGATE',
      response_url: result.responseUrl,
      trigger_id: result.triggerId,
    });
  });

  it('shows the ack and response_url replies to the invoking user only', async () => {
    const result = await standIn.command({ user: 'alice', command: '/deploy', text: 'api 1.2.3' });
    await standIn.waitFor(() => result.responses.length === 1);
    expect(standIn.messages('deploys', { user: 'U0ALICE' }).map((m) => m.text)).toEqual([
      'Checking api 1.2.3…',
      'Approval needed',
      'Approval requested',
    ]);
    expect(standIn.messages('deploys', { user: 'U0BOB' }).map((m) => m.text)).toEqual(['Approval needed']);
  });

  it('is refused with 401 by Bolt when signed with the wrong secret, and the handler never runs', async () => {
    const result = await standIn.command({
      user: 'alice',
      command: '/deploy',
      text: 'x',
      signingSecret: 'wrong',
    });
    expect(result.status).toBe(401);
    expect(seen.commands).toEqual([]);
  });

  it('is refused with 401 when the timestamp is older than five minutes', async () => {
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    const result = await standIn.command({ user: 'alice', command: '/deploy', text: 'x', timestamp: stale });
    expect(result.status).toBe(401);
    expect(seen.commands).toEqual([]);
  });
});

describe('button clicks built from the posted blocks', () => {
  async function postApproval(): Promise<string> {
    const result = await standIn.command({ user: 'alice', command: '/deploy', text: 'api 1.2.3' });
    await standIn.waitFor(() => result.responses.length === 1);
    const message = standIn.messages('deploys').find((m) => m.text === 'Approval needed');
    if (!message) throw new Error('approval message missing');
    return message.ts;
  }

  it('reaches the action handler with a real block_actions payload', async () => {
    const ts = await postApproval();
    const click = await standIn.clickButton({ user: 'bob', channel: 'deploys', ts, actionId: 'approve' });
    expect(click.status).toBe(200);
    await standIn.waitFor(() => seen.actions.length === 1 && click.responses.length === 1);
    expect(seen.actions[0]).toMatchObject({
      type: 'block_actions',
      user: { id: 'U0BOB', username: 'bob' },
      container: { type: 'message', message_ts: ts, channel_id: 'C0DEPLOYS', is_ephemeral: false },
      channel: { id: 'C0DEPLOYS', name: 'deploys' },
      message: { ts, text: 'Approval needed' },
      response_url: click.responseUrl,
      trigger_id: click.triggerId,
      actions: [
        { type: 'button', action_id: 'approve', block_id: 'approval', value: 'ap-1', style: 'primary' },
      ],
    });
  });

  it('applies replace_original from the response_url to the clicked message', async () => {
    const ts = await postApproval();
    const click = await standIn.clickButton({ user: 'bob', channel: 'deploys', ts, actionId: 'approve' });
    await standIn.waitFor(() => click.responses.length === 1);
    expect(standIn.state.message('C0DEPLOYS', ts)).toMatchObject({ text: 'Approved by <@U0BOB>' });
    expect(standIn.state.message('C0DEPLOYS', ts)?.blocks).toBeUndefined();
  });

  it('can send a tampered button value, to test that the bot decides from its own records', async () => {
    const ts = await postApproval();
    const click = await standIn.clickButton({
      user: 'bob',
      channel: 'deploys',
      ts,
      actionId: 'approve',
      value: 'ap-999',
    });
    await standIn.waitFor(() => seen.actions.length === 1 && click.responses.length === 1);
    expect(seen.actions[0]?.actions[0]).toMatchObject({ value: 'ap-999' });
  });

  it('throws when the message has no element with that action_id', async () => {
    const ts = await postApproval();
    await expect(
      standIn.clickButton({ user: 'bob', channel: 'deploys', ts, actionId: 'rollback' }),
    ).rejects.toThrow(/no element rollback \(it has: approve, reject\)/);
  });

  it('picks a select option on an ephemeral message, which Slack sends without the message body', async () => {
    const options = ['staging', 'production'].map((v) => ({
      text: { type: 'plain_text' as const, text: v },
      value: v,
    }));
    const { message_ts } = await webClient(standIn).chat.postEphemeral({
      channel: 'C0DEPLOYS',
      user: 'U0CAROL',
      text: 'Where to?',
      blocks: [
        {
          type: 'actions',
          block_id: 'env',
          elements: [{ type: 'static_select', action_id: 'pick_env', options }],
        },
      ],
    });
    const ts = message_ts as string;
    await expect(
      standIn.clickButton({ user: 'bob', channel: 'deploys', ts, actionId: 'pick_env' }),
    ).rejects.toThrow(/ephemeral for U0CAROL/);
    await standIn.clickButton({
      user: 'carol',
      channel: 'deploys',
      ts,
      actionId: 'pick_env',
      value: 'production',
    });
    await standIn.waitFor(() => seen.actions.length === 1);
    expect(seen.actions[0]).toMatchObject({
      container: { message_ts: ts, is_ephemeral: true },
      actions: [
        { type: 'static_select', action_id: 'pick_env', block_id: 'env', selected_option: options[1] },
      ],
    });
    expect(seen.actions[0]).not.toHaveProperty('message');
  });
});
