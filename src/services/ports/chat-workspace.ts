import type { RichText } from '../../core/text/rich-text.js';
import type { LiveMessage } from './notifier.js';

/** A channel the workspace made, or why it could not. */
export type CreatedChannel =
  | { readonly ok: true; readonly id: string; readonly name: string }
  | { readonly ok: false; readonly reason: 'name_taken' };

/** A message as the workspace returns it, for the incident timeline. */
export interface WorkspaceMessage {
  readonly ts: string;
  readonly user?: string;
  readonly botId?: string;
  readonly text: string;
}

/** A file upload's result: done, or refused for good (with the platform's reason) so nobody retries it. */
export type UploadResult = { readonly ok: true } | { readonly ok: false; readonly refused: string };

/**
 * The chat workspace as the incident workflow uses it directly, from steps that are durable timers themselves
 * (each is retried when it throws): channels, invites, topics, pins, posts, archiving, report files and reading a
 * message back. Repeating a call that already took effect (invite, pin) is not an error.
 */
export interface ChatWorkspace {
  /** Creates a channel; a retry of an attempt whose answer was lost adopts the channel that attempt made. */
  createChannel(name: string, isPrivate: boolean): Promise<CreatedChannel>;
  invite(channel: string, users: readonly string[]): Promise<void>;
  setTopic(channel: string, topic: RichText): Promise<void>;
  /** Pins a live message that has been posted; throws while it has not. */
  pin(message: LiveMessage, subject: string): Promise<void>;
  /** Posts a message once per `key` (the side effect's own name): a retry after an unknown outcome finds it. */
  post(channel: string, text: RichText, key: string): Promise<void>;
  archive(channel: string): Promise<void>;
  uploadFile(
    channel: string,
    file: { readonly name: string; readonly title: string; readonly content: string },
    comment: RichText,
  ): Promise<UploadResult>;
  /** A message by channel and ts, from the channel's history or a thread; undefined when there is none. */
  findMessage(channel: string, ts: string): Promise<WorkspaceMessage | undefined>;
  /** Whether `user` is a member of `channel` right now (asked from the workspace, briefly cached). */
  isMember(channel: string, user: string): Promise<boolean>;
}
