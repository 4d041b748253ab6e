/** Who did something: every event records one. Bots and AI agents are recorded as such so the audit trail and
 * authorization can tell them from people (the chapter's oversight boundary). */
export type ActorKind = 'human' | 'bot' | 'agent';

/** A Slack user id (or `shipgate` for the bot itself) plus what kind of actor it is. */
export interface Actor {
  readonly id: string;
  readonly kind: ActorKind;
}

/** Shipgate acting on its own (timers, retries): always a bot, never allowed to approve. */
export const SHIPGATE: Actor = { id: 'shipgate', kind: 'bot' };
