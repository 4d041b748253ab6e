import type { RichText } from '../core/text/rich-text.js';
import { SecretValues } from '../core/text/secret-values.js';
import type { LiveMessage, MessageLocation, Notifier } from '../services/ports/notifier.js';
import type { MessageSync } from './message-sync.js';
import { toMrkdwn } from './render-mrkdwn.js';
import type { SlackOutbox } from './slack-outbox.js';

/** Longest message text Shipgate posts (Slack cuts at 40,000; long texts stay readable well below that). */
const TEXT_MAX = 3900;
/** Slack's topic limit. */
const TOPIC_MAX = 250;

/**
 * The services' {@link Notifier} on Slack: live messages through {@link MessageSync} (redrawn from stored state),
 * everything else through the durable {@link SlackOutbox}. Every message is rendered to mrkdwn here, so user text
 * is escaped, mentions render, times are date tokens in each reader's zone and the configured secret values are
 * redacted (before the call is queued, so the queued row holds none either).
 */
export class SlackNotifier implements Notifier {
  constructor(
    private readonly sync: MessageSync,
    private readonly outbox: SlackOutbox,
    private readonly secrets: SecretValues = SecretValues.none,
  ) {}

  async redraw(message: LiveMessage, subject: string, at: Date): Promise<void> {
    await this.sync.request(message, subject, at);
  }

  async threadReply(message: LiveMessage, subject: string, text: RichText, at: Date): Promise<void> {
    await this.sync.reply(message, subject, { text: this.mrkdwn(text, TEXT_MAX) }, at);
  }

  async post(channel: string, text: RichText, about: string, at: Date): Promise<void> {
    await this.outbox.enqueue('chat.postMessage', { channel, text: this.mrkdwn(text, TEXT_MAX) }, about, at);
  }

  async whisper(channel: string, user: string, text: RichText, about: string, at: Date): Promise<void> {
    await this.outbox.enqueue(
      'chat.postEphemeral',
      { channel, user, text: this.mrkdwn(text, TEXT_MAX) },
      about,
      at,
    );
  }

  async setTopic(channel: string, topic: RichText, about: string, at: Date): Promise<void> {
    await this.outbox.enqueue(
      'conversations.setTopic',
      { channel, topic: this.mrkdwn(topic, TOPIC_MAX) },
      about,
      at,
    );
  }

  async invite(channel: string, users: readonly string[], about: string, at: Date): Promise<void> {
    await this.outbox.enqueue('conversations.invite', { channel, users: users.join(',') }, about, at);
  }

  async locate(message: LiveMessage, subject: string): Promise<MessageLocation | undefined> {
    return await this.sync.ref(message, subject);
  }

  flush(): void {
    this.outbox.flush();
  }

  private mrkdwn(text: RichText, max: number): string {
    return toMrkdwn(text, max, this.secrets);
  }
}
