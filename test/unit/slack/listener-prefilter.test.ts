import type { App } from '@slack/bolt';
import pino from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSlackApp } from '../../../src/slack/create-slack-app.js';

const COMMAND = {
  command: '/deploy',
  text: 'help',
  trigger_id: 'T1.1',
  user_id: 'U0ALICE',
  team_id: 'T0BENCH',
  channel_id: 'C0DEPLOYS',
  response_url: 'http://127.0.0.1:9/respond',
  api_app_id: 'A0BENCH',
};

const CLICK = {
  type: 'block_actions',
  trigger_id: 'T2.2',
  user: { id: 'U0BOB' },
  team: { id: 'T0BENCH' },
  api_app_id: 'A0BENCH',
  container: { type: 'message', channel_id: 'C0DEPLOYS', message_ts: '1.0' },
  channel: { id: 'C0DEPLOYS' },
  actions: [
    { type: 'button', action_id: 'deploy.approve', block_id: 'b', value: 'DEP-2026-0001', action_ts: '1.1' },
  ],
};

/** Bolt's listener list, which the prefilter narrows for the moment of dispatch. */
const listenersOf = (app: App) => (app as unknown as { listeners: unknown[] }).listeners;

describe('listener prefilter', () => {
  let app: App;
  let runs: string[];

  beforeEach(() => {
    app = createSlackApp(
      { botToken: 'xoxb-test', botId: 'B0TEST', botUserId: 'U0TEST', signingSecret: 'secret' },
      pino({ level: 'silent' }),
    ).app;
    runs = [];
    app.command('/deploy', async ({ ack }) => {
      runs.push('command /deploy');
      await ack();
    });
    app.command(/.*/, async () => {
      runs.push('command any');
    });
    app.action('deploy.approve', async ({ ack }) => {
      runs.push('action approve');
      await ack();
    });
    app.action('deploy.reject', async () => {
      runs.push('action reject');
    });
    app.view('deploy.reject-modal', async () => {
      runs.push('view');
    });
    app.event('app_mention', async () => {
      runs.push('event');
    });
    app.shortcut('incident.declare', async () => {
      runs.push('shortcut');
    });
  });

  const deliver = (body: Record<string, unknown>) => app.processEvent({ body, ack: async () => {} });

  it('runs every listener of the request kind that matches, and gives Bolt its full list back', async () => {
    await deliver(COMMAND);
    expect(runs.sort()).toEqual(['command /deploy', 'command any']);
    expect(listenersOf(app)).toHaveLength(7);

    runs = [];
    await deliver(CLICK);
    expect(runs).toEqual(['action approve']);
  });

  it('keeps a listener registered while a request is being dispatched', async () => {
    app.command('/incident', async () => {
      app.event('reaction_added', async () => {});
    });
    await deliver({ ...COMMAND, command: '/incident' });
    expect(listenersOf(app)).toHaveLength(9);
  });

  it('keeps a listener it does not recognise, as Bolt would run it for every request', async () => {
    listenersOf(app).push([
      async ({ next }: { next: () => Promise<void> }) => next(),
      async () => {
        runs.push('custom');
      },
    ]);
    await deliver(COMMAND);
    expect(runs).toContain('custom');
  });
});
