import type { App } from '@slack/bolt';
import type { Clock } from '../clock.js';
import { mentionReply } from './blocks/mention-reply.js';
import type { SlackOutbox } from './slack-outbox.js';
import type { SlashCommand } from './slash-command.js';

/**
 * Events API listeners that are not part of a command: an @-mention answers in a thread with what Shipgate does,
 * through the durable outbox so the answer survives a Slack hiccup.
 */
export function registerEvents(
  app: App,
  commands: readonly SlashCommand[],
  outbox: SlackOutbox,
  clock: Clock,
): void {
  app.event('app_mention', async ({ event }) => {
    const args = {
      channel: event.channel,
      thread_ts: event.thread_ts ?? event.ts,
      ...mentionReply(commands),
    };
    await outbox.enqueue('chat.postMessage', args, event.channel, clock.now());
    outbox.flush();
  });
}
