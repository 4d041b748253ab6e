/**
 * Who did something: every event records one. People, Slack bots and apps, AI agents holding an agent token, and
 * Shipgate's own timers are told apart so the audit trail and the oversight boundary (`src/core/oversight`) can
 * treat each as the chapter says.
 */
export const ACTOR_KINDS = ['human', 'bot', 'agent', 'shipgate'] as const;

/** One of {@link ACTOR_KINDS}. */
export type ActorKind = (typeof ACTOR_KINDS)[number];

/** A Slack user id, `agent:<name>` for an agent token, or `shipgate` for Shipgate itself, plus its kind. */
export interface Actor {
  readonly id: string;
  readonly kind: ActorKind;
}

/** Shipgate acting on its own (timers, retries, automatic rollbacks): never allowed to approve or start a deploy. */
export const SHIPGATE: Actor = { id: 'shipgate', kind: 'shipgate' };

/** The actor an agent token acts as. */
export function agentActor(name: string): Actor {
  return { id: `agent:${name}`, kind: 'agent' };
}
