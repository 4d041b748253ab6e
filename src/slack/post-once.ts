import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { SlackAttemptLog } from '../store/slack-attempt-log.js';
import { type ChannelDirectory, isChannelId } from './channel-directory.js';

/** The `metadata.event_type` of every message Shipgate posts; `event_payload.key` names the side effect. */
export const SHIPGATE_EVENT_TYPE = 'shipgate_message';
/** How many pages of 200 messages (history or thread) are searched for an earlier attempt. */
const SEARCH_PAGES = 5;

/** A message to post: a channel (id or `#name`), its text and blocks, and the thread it replies in. */
export interface OnceMessage {
  readonly channel: string;
  readonly text: string;
  readonly blocks?: KnownBlock[] | undefined;
  readonly threadTs?: string | undefined;
}

/** Where the one message of a side effect is; `adopted` when an earlier attempt's message was found and kept. */
export interface PostedMessage {
  readonly channel: string;
  readonly ts: string;
  readonly adopted: boolean;
}

interface HistoryMessage {
  readonly ts?: string;
  readonly user?: string;
  readonly metadata?: { readonly event_type?: string; readonly event_payload?: Record<string, unknown> };
}

/**
 * Posts each side effect's message at most once although Slack has no idempotency keys: every post carries
 * `metadata` {event_type `shipgate_message`, event_payload {key}}, the attempt is recorded in SQLite before the call,
 * and a retry of an attempt whose outcome is unknown (a crash, a timeout, a lost answer) first looks for the bot's
 * own message with that key in the channel's history (or the thread) and adopts it. If more than one turns up (an
 * earlier search missed), the oldest is kept and the others are edited to point at it.
 */
export class PostOnce {
  constructor(
    private readonly client: WebClient,
    private readonly attempts: SlackAttemptLog,
    private readonly channels: ChannelDirectory,
    private readonly botUserId: string,
    private readonly now: () => Date,
    private readonly logger: Logger,
  ) {}

  /** Posts `message` for `key` unless an earlier attempt already did; answers where the one message is. */
  async post(key: string, message: OnceMessage): Promise<PostedMessage> {
    const earlier = await this.attempts.get(key);
    if (earlier?.ts) return { channel: earlier.channel, ts: earlier.ts, adopted: true };
    const channel = earlier?.channel ?? (await this.channels.idOf(message.channel)) ?? message.channel;
    if (earlier && isChannelId(channel)) {
      const [live, ...orphans] = await this.searchOwn(channel, key, message.threadTs);
      if (live) {
        await this.attempts.finish(key, channel, live, this.now());
        await this.pointOrphans(channel, live, orphans);
        this.logger.info(
          { key, channel, ts: live },
          'found the message an earlier attempt posted; not posting again',
        );
        return { channel, ts: live, adopted: true };
      }
    }
    await this.attempts.begin(key, channel, this.now());
    const posted = await this.client.chat.postMessage({
      channel,
      text: message.text,
      ...(message.blocks ? { blocks: message.blocks } : {}),
      ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
      metadata: { event_type: SHIPGATE_EVENT_TYPE, event_payload: { key } },
    });
    const where = { channel: posted.channel ?? channel, ts: posted.ts ?? '', adopted: false };
    if (!where.ts) throw new Error('chat.postMessage answered without a ts');
    await this.attempts.finish(key, where.channel, where.ts, this.now());
    return where;
  }

  /**
   * {@link findOwn}, except that a channel Slack will not let the bot read (`not_in_channel` for a public channel
   * it posts in without joining, a missing scope) cannot be searched: then nothing is found and the message is
   * posted again, which is the most a retry can do there. Transient failures throw, so the search is retried.
   */
  private async searchOwn(channel: string, key: string, threadTs: string | undefined): Promise<string[]> {
    try {
      return await this.findOwn(channel, key, threadTs);
    } catch (err) {
      const code = (err as { data?: { error?: string } }).data?.error;
      if (!code) throw err;
      this.logger.warn({ key, channel, error: code }, 'cannot look for an earlier attempt; posting again');
      return [];
    }
  }

  /** The ts of the bot's messages carrying `key`, oldest first (only ids can be searched; a name finds nothing). */
  private async findOwn(channel: string, key: string, threadTs: string | undefined): Promise<string[]> {
    const found: { ts: string }[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < SEARCH_PAGES; page++) {
      const args = { channel, include_all_metadata: true, limit: 200, ...(cursor ? { cursor } : {}) };
      const answer = threadTs
        ? await this.client.conversations.replies({ ...args, ts: threadTs })
        : await this.client.conversations.history(args);
      for (const m of (answer.messages ?? []) as HistoryMessage[])
        if (
          m.ts &&
          m.user === this.botUserId &&
          m.metadata?.event_type === SHIPGATE_EVENT_TYPE &&
          m.metadata.event_payload?.key === key
        )
          found.push({ ts: m.ts });
      cursor = answer.response_metadata?.next_cursor || undefined;
      if (!cursor) break;
    }
    return found.map((f) => f.ts).sort((a, b) => Number(a) - Number(b));
  }

  private async pointOrphans(channel: string, live: string, orphans: readonly string[]): Promise<void> {
    if (orphans.length === 0) return;
    const { permalink } = await this.client.chat.getPermalink({ channel, message_ts: live });
    const text = `Shipgate posted this message twice by mistake; the live one is ${permalink ? `<${permalink}|here>` : 'above'}.`;
    for (const ts of orphans) {
      await this.client.chat.update({
        channel,
        ts,
        text,
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
      });
      this.logger.warn({ channel, ts, live }, 'pointed a doubled message at the live one');
    }
  }
}
