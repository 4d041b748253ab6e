import type { ActorKind } from '../../core/actor.js';

/**
 * Facts about people that authorization and messages depend on, asked from the chat workspace (never from a
 * request's payload): whether a user is a human, a bot or an app, who owns an email, and how a person is named.
 */
export interface People {
  /** `bot` for bot users, `agent` for app users, `human` otherwise; an unknown user counts as a bot. */
  kindOf(userId: string, now: Date): Promise<ActorKind>;
  idByEmail(email: string): Promise<string | undefined>;
  /** The person's display name, or their id when the workspace cannot say. */
  displayName(userId: string, now: Date): Promise<string>;
}
