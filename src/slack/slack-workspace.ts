import type { WebClient } from '@slack/web-api';
import type { RichText } from '../core/text/rich-text.js';
import { SecretValues } from '../core/text/secret-values.js';
import type {
  ChatWorkspace,
  CreatedChannel,
  UploadResult,
  WorkspaceMessage,
} from '../services/ports/chat-workspace.js';
import type { LiveMessage } from '../services/ports/notifier.js';
import type { SlackAttemptLog } from '../store/slack-attempt-log.js';
import type { ChannelDirectory } from './channel-directory.js';
import type { MessageSync } from './message-sync.js';
import type { PostOnce } from './post-once.js';
import { toMrkdwn } from './render-mrkdwn.js';
import { permanentSlackError } from './slack-outbox.js';

/** Upload errors (besides the outbox's) that no retry can fix. */
const PERMANENT_UPLOAD_ERRORS = new Set([
  'access_denied',
  'file_uploads_disabled',
  'file_upload_size_restricted',
  'invalid_channel',
  'posting_to_channel_denied',
  'storage_limit_reached',
]);

const errorCode = (err: unknown) => (err as { data?: { error?: string } }).data?.error;

/** Runs `call`, treating the Slack error `harmless` (the call already took effect) as success. */
async function tolerating(harmless: string, call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (err) {
    if (errorCode(err) !== harmless) throw err;
  }
}

/**
 * The services' {@link ChatWorkspace} on the Slack Web API, for steps that are durable timers themselves: errors
 * are thrown so the step is retried, except those meaning the call already took effect (`already_in_channel`,
 * `already_pinned`) and, for uploads, refusals no retry can fix. Posts and channel creation find their own earlier
 * attempts (see {@link PostOnce}), so a retry after an unknown outcome never doubles them. Membership is asked
 * afresh each time (no cache), so someone just invited can act at once. The configured secret values are redacted
 * from every text it sends (topics, messages, the uploaded report and its comment).
 */
export class SlackWorkspace implements ChatWorkspace {
  constructor(
    private readonly client: WebClient,
    private readonly sync: MessageSync,
    private readonly once: PostOnce,
    private readonly channels: ChannelDirectory,
    private readonly attempts: SlackAttemptLog,
    private readonly botUserId: string,
    private readonly now: () => Date,
    private readonly secrets: SecretValues = SecretValues.none,
  ) {}

  /**
   * Creates the channel, recording the intended name first. When Slack answers `name_taken` for a name an earlier
   * attempt recorded, and the channel of that name was made by the bot (the earlier attempt succeeded but its answer
   * was lost or the process died), that channel is adopted instead of making a second one.
   */
  async createChannel(name: string, isPrivate: boolean): Promise<CreatedChannel> {
    const key = `channel:${name}`;
    const earlier = await this.attempts.get(key);
    if (earlier?.ts) return { ok: true, id: earlier.ts, name };
    await this.attempts.begin(key, name, this.now());
    try {
      const created = await this.client.conversations.create({ name, is_private: isPrivate });
      const id = created.channel?.id;
      if (!id) throw new Error('conversations.create returned no channel');
      await this.attempts.finish(key, name, id, this.now());
      return { ok: true, id, name: created.channel?.name ?? name };
    } catch (err) {
      if (errorCode(err) !== 'name_taken') throw err;
      const own = earlier ? await this.channels.createdBy(name, this.botUserId) : undefined;
      if (!own) return { ok: false, reason: 'name_taken' };
      await this.attempts.finish(key, name, own.id, this.now());
      return { ok: true, id: own.id, name: own.name };
    }
  }

  invite(channel: string, users: readonly string[]): Promise<void> {
    return tolerating('already_in_channel', () =>
      this.client.conversations.invite({ channel, users: users.join(',') }),
    );
  }

  async setTopic(channel: string, topic: RichText): Promise<void> {
    await this.client.conversations.setTopic({ channel, topic: toMrkdwn(topic, 250, this.secrets) });
  }

  async pin(message: LiveMessage, subject: string): Promise<void> {
    const ref = await this.sync.ref(message, subject);
    const ts = ref?.ts;
    if (!ref || !ts) throw new Error(`the ${message} message of ${subject} is not posted yet`);
    await tolerating('already_pinned', () => this.client.pins.add({ channel: ref.channel, timestamp: ts }));
  }

  async post(channel: string, text: RichText, key: string): Promise<void> {
    await this.once.post(key, { channel, text: toMrkdwn(text, 3900, this.secrets) });
  }

  async archive(channel: string): Promise<void> {
    await this.client.conversations.archive({ channel });
  }

  async uploadFile(
    channel: string,
    file: { readonly name: string; readonly title: string; readonly content: string },
    comment: RichText,
  ): Promise<UploadResult> {
    try {
      await this.client.filesUploadV2({
        channel_id: channel,
        filename: file.name,
        title: this.secrets.redact(file.title),
        content: this.secrets.redact(file.content),
        initial_comment: toMrkdwn(comment, 3900, this.secrets),
      });
      return { ok: true };
    } catch (err) {
      const code = errorCode(err);
      const refused =
        permanentSlackError(err) ?? (code && PERMANENT_UPLOAD_ERRORS.has(code) ? code : undefined);
      if (!refused) throw err;
      return { ok: false, refused };
    }
  }

  async isMember(channel: string, user: string): Promise<boolean> {
    let cursor: string | undefined;
    do {
      const page = await this.client.conversations.members({
        channel,
        limit: 200,
        ...(cursor ? { cursor } : {}),
      });
      if (page.members?.includes(user)) return true;
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    return false;
  }

  async findMessage(channel: string, ts: string): Promise<WorkspaceMessage | undefined> {
    const history = await this.client.conversations.history({
      channel,
      latest: ts,
      inclusive: true,
      limit: 1,
    });
    const found =
      history.messages?.find((m) => m.ts === ts) ??
      (
        await this.client.conversations.replies({
          channel,
          ts,
          oldest: ts,
          latest: ts,
          inclusive: true,
          limit: 2,
        })
      ).messages?.find((m) => m.ts === ts);
    if (!found?.ts) return undefined;
    return {
      ts: found.ts,
      text: found.text ?? '',
      ...(found.user ? { user: found.user } : {}),
      ...(found.bot_id ? { botId: found.bot_id } : {}),
    };
  }
}
