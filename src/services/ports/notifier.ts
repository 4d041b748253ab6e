import type { RichText } from '../../core/text/rich-text.js';

/** A message Shipgate keeps up to date in place: a deploy's approval message, an incident's card or its notice. */
export type LiveMessage =
  | 'deploy'
  | 'incident-card'
  | 'customer-notice'
  /** A deploy's metrics-vs-baseline line, in the deploy message's thread, edited every `watch.report_every`. */
  | 'watch-report'
  /** A watch's recommendation (Roll back now / Keep) or an inconclusive watch's question (Mark good / Roll back now). */
  | 'watch-decision'
  /** A deploy's 9.1 deployment checklist, in the deploy message's thread, redrawn as items are done. */
  | 'deploy-checklist'
  /** A `/readiness` result with its score and the checkboxes of the attest items. */
  | 'readiness'
  /** The newest agent recommendation on a deploy, in its thread, with buttons for the people who decide. */
  | 'agent-recommendation';

/** Where a live message was posted (its `ts` once the post went through). */
export interface MessageLocation {
  readonly channel: string;
  readonly ts: string | undefined;
}

/**
 * How services tell people things. Every call is durable: it is stored with the state change it reports (call it
 * inside the transaction) and retried until the chat platform takes it, so a failure or restart delays a message but
 * never loses it. Live messages are redrawn from stored state, so any number of changes coalesce into one edit.
 */
export interface Notifier {
  /** Asks for a live message to be brought in line with what is stored now. */
  redraw(message: LiveMessage, subject: string, at: Date): Promise<void>;
  /** A reply in the thread of a live message (posted once the message exists). */
  threadReply(message: LiveMessage, subject: string, text: RichText, at: Date): Promise<void>;
  /** A message in a channel, or a direct message when `channel` is a user id. */
  post(channel: string, text: RichText, about: string, at: Date): Promise<void>;
  /** A message only `user` sees, in `channel`. */
  whisper(channel: string, user: string, text: RichText, about: string, at: Date): Promise<void>;
  setTopic(channel: string, topic: RichText, about: string, at: Date): Promise<void>;
  invite(channel: string, users: readonly string[], about: string, at: Date): Promise<void>;
  /** Where a live message is, once it was first posted. */
  locate(message: LiveMessage, subject: string): Promise<MessageLocation | undefined>;
  /** Sends what is queued now instead of at the scheduler's next wake-up. */
  flush(): void;
}
