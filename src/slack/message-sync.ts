import { createHash } from 'node:crypto';
import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { TimerRecord } from '../core/timer-record.js';
import type { LiveMessage } from '../services/ports/notifier.js';
import type { TimerPolicy, Timers } from '../services/ports/timers.js';
import type { SlackMessageRepository } from '../store/slack-message-repository.js';
import type { PostOnce } from './post-once.js';
import { permanentSlackError } from './slack-outbox.js';

/** A message as Shipgate wants it to look now. */
export interface RenderedMessage {
  readonly channel: string;
  readonly text: string;
  readonly blocks: KnownBlock[];
  /** Posted as a reply in the thread of this slot's message about the same subject (posted first). */
  readonly threadOf?: string;
}

/** Timer kind that brings a live message in line with the stored state. */
export const SLACK_SYNC = 'slack.sync';
/** Timer kind that posts a reply in a live message's thread. */
export const SLACK_THREAD = 'slack.thread';

/**
 * Messages edited in place (approval message, deploy progress, incident card). State is written first; then a sync
 * is armed as a durable timer that renders the *current* state and posts it (first time) or `chat.update`s it, so
 * any number of changes coalesce into one call, a Slack failure is retried, and a restart never loses an update.
 * A redraw whose payload equals what Slack last accepted for the message is skipped (no identical `chat.update`).
 */
export class MessageSync {
  private readonly renderers = new Map<string, (subject: string) => Promise<RenderedMessage | undefined>>();
  private skips = 0;

  constructor(
    private readonly timers: Timers,
    private readonly client: WebClient,
    private readonly messages: SlackMessageRepository,
    private readonly logger: Logger,
    private readonly once: PostOnce,
    policy: TimerPolicy,
  ) {
    timers.on(SLACK_SYNC, (timer) => this.sync(timer.subject, String(timer.payload.slot)), policy);
    timers.on(SLACK_THREAD, (timer) => this.postInThread(timer), policy);
  }

  /** Declares how a slot's message is drawn from stored state. */
  register(slot: LiveMessage, render: (subject: string) => Promise<RenderedMessage | undefined>): void {
    this.renderers.set(slot, render);
  }

  /**
   * Asks for the slot's message to be brought up to date (once, however often it is asked before it runs). Called
   * after the state change, in its transaction: a sync no scheduler has claimed yet is joined and held until that
   * transaction ends, so it draws the committed change; one already claimed (running here or on another replica,
   * perhaps drawn already) is left alone and a new sync is armed.
   */
  async request(slot: string, subject: string, at: Date): Promise<void> {
    if (!(await this.timers.joinPending(SLACK_SYNC, subject, { slot })))
      await this.timers.arm(SLACK_SYNC, subject, at, { slot });
  }

  /** Queues a reply in the thread of the slot's message (posted after the message itself exists). */
  async reply(
    slot: string,
    subject: string,
    message: { text: string; blocks?: KnownBlock[] },
    at: Date,
  ): Promise<void> {
    await this.timers.arm(SLACK_THREAD, subject, at, { slot, ...message });
  }

  /** The message's channel and ts, once posted. */
  async ref(slot: string, subject: string) {
    return await this.messages.get(subject, slot);
  }

  /** Runs pending syncs now instead of at the next tick. */
  flush(): void {
    this.timers.tick().catch((err: unknown) => this.logger.error({ err }, 'message sync flush failed'));
  }

  private async sync(subject: string, slot: string): Promise<void> {
    const render = this.renderers.get(slot);
    if (!render) throw new Error(`no renderer for slot ${slot}`);
    const message = await render(subject);
    if (!message) return;
    const rendered = fingerprint(message);
    const existing = await this.messages.get(subject, slot);
    if (existing?.ts && existing.rendered === rendered) {
      this.skips++;
      return;
    }
    await this.call(slot, subject, async () => {
      if (existing?.ts) {
        await this.client.chat.update({
          channel: existing.channel,
          ts: existing.ts,
          text: message.text,
          blocks: message.blocks,
        });
        await this.messages.setRendered(subject, slot, rendered);
        return;
      }
      const parent = message.threadOf ? await this.messages.get(subject, message.threadOf) : undefined;
      if (message.threadOf && !parent?.ts)
        throw new Error(`the ${message.threadOf} message of ${subject} is not posted yet`);
      const { threadOf: _threadOf, ...content } = message;
      const posted = await this.once.post(`${slot}:${subject}`, {
        ...content,
        ...(parent ? { channel: parent.channel, threadTs: parent.ts } : {}),
      });
      if (!posted.adopted) {
        await this.messages.set(subject, slot, posted.channel, posted.ts, rendered);
        return;
      }
      await this.messages.set(subject, slot, posted.channel, posted.ts, 'adopted');
      await this.client.chat.update({
        channel: posted.channel,
        ts: posted.ts,
        text: message.text,
        blocks: message.blocks,
      });
      await this.messages.setRendered(subject, slot, rendered);
    });
  }

  private async postInThread(timer: TimerRecord): Promise<void> {
    const { subject, payload } = timer;
    const slot = String(payload.slot);
    const parent = await this.messages.get(subject, slot);
    const threadTs = parent?.ts;
    if (!parent || !threadTs) throw new Error(`the ${slot} message of ${subject} is not posted yet`);
    const blocks = payload.blocks as KnownBlock[] | undefined;
    const text = String(payload.text);
    await this.call(slot, subject, () =>
      this.once.post(`thread:${timer.id}`, { channel: parent.channel, threadTs, text, blocks }),
    );
  }

  /** How many redraws were skipped because Slack already shows exactly that (for metrics and tests). */
  get skipped(): number {
    return this.skips;
  }

  private async call(slot: string, subject: string, send: () => Promise<unknown>): Promise<void> {
    try {
      await send();
    } catch (err) {
      const code = permanentSlackError(err);
      if (!code) throw err;
      this.logger.error({ slot, subject, error: code }, 'Slack refused a message update; not retrying');
    }
  }
}

/** A short fingerprint of what a message shows (channel, text and blocks). */
function fingerprint(message: RenderedMessage): string {
  return createHash('sha256')
    .update(JSON.stringify([message.channel, message.text, message.blocks]))
    .digest('base64url')
    .slice(0, 22);
}
