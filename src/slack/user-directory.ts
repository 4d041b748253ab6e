import type { WebClient } from '@slack/web-api';
import type { ActorKind } from '../core/actor.js';

/** How long a user's kind (human, bot, agent) is trusted before Slack is asked again. */
const KIND_TTL_MS = 5 * 60 * 1000;

/**
 * Facts about Slack users that authorization depends on, asked from Slack (never from a payload): whether a user
 * is a human, a bot or an app (agent) via `users.info`, and who owns an email via `users.lookupByEmail`.
 */
export class UserDirectory {
  private readonly kinds = new Map<string, { kind: ActorKind; until: number }>();

  constructor(private readonly client: WebClient) {}

  /** `bot` for bot users, `agent` for app users, `human` otherwise. A user Slack cannot find is treated as a bot. */
  async kindOf(userId: string, now: Date): Promise<ActorKind> {
    const cached = this.kinds.get(userId);
    if (cached && cached.until > now.getTime()) return cached.kind;
    let kind: ActorKind;
    try {
      const { user } = await this.client.users.info({ user: userId });
      kind = user?.is_bot ? 'bot' : user?.is_app_user ? 'agent' : user?.deleted ? 'bot' : 'human';
    } catch (err) {
      if ((err as { data?: { error?: string } }).data?.error !== 'user_not_found') throw err;
      kind = 'bot';
    }
    this.kinds.set(userId, { kind, until: now.getTime() + KIND_TTL_MS });
    return kind;
  }

  /** The Slack user id with this email, or undefined when nobody in the workspace has it. */
  async idByEmail(email: string): Promise<string | undefined> {
    try {
      const { user } = await this.client.users.lookupByEmail({ email });
      return user?.id;
    } catch (err) {
      if ((err as { data?: { error?: string } }).data?.error === 'users_not_found') return undefined;
      throw err;
    }
  }
}
