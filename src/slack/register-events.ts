import type { App } from '@slack/bolt';
import type { Logger } from 'pino';
import { mentionReply } from './blocks/mention-reply.js';
import type { SlashCommand } from './slash-command.js';

/** Events API listeners that are not part of a command: an @-mention answers in a thread with what Shipgate does. */
export function registerEvents(app: App, commands: readonly SlashCommand[], logger: Logger): void {
  app.event('app_mention', async ({ event, client }) => {
    try {
      await client.chat.postMessage({
        channel: event.channel,
        thread_ts: event.thread_ts ?? event.ts,
        ...mentionReply(commands),
      });
    } catch (err) {
      logger.warn({ err, channel: event.channel }, 'could not answer a mention');
    }
  });
}
