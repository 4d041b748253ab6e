import type { WebClient } from '@slack/web-api';
import type { ActorKind } from '../core/actor.js';
import type { People } from '../services/ports/people.js';

/** How long what Slack said about a user is trusted before Slack is asked again. */
const TTL_MS = 5 * 60 * 1000;

interface Known {
  readonly kind: ActorKind;
  readonly name: string;
  readonly until: number;
}

/**
 * Facts about Slack users that authorization and messages depend on, asked from Slack (never from a payload):
 * whether a user is a human, a bot or an app (agent) and their display name via `users.info`, and who owns an email
 * via `users.lookupByEmail`. Answers are cached for a few minutes.
 */
export class UserDirectory implements People {
  private readonly known = new Map<string, Known>();

  constructor(private readonly client: WebClient) {}

  /** `bot` for bot users, `agent` for app users, `human` otherwise. A user Slack cannot find is treated as a bot. */
  async kindOf(userId: string, now: Date): Promise<ActorKind> {
    return (await this.lookup(userId, now)).kind;
  }

  /** The name Slack shows for the user (display name, else real name, else handle); the id when Slack has none. */
  async displayName(userId: string, now: Date): Promise<string> {
    return (await this.lookup(userId, now)).name;
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

  private async lookup(userId: string, now: Date): Promise<Known> {
    const cached = this.known.get(userId);
    if (cached && cached.until > now.getTime()) return cached;
    let known: Known;
    try {
      const { user } = await this.client.users.info({ user: userId });
      const kind: ActorKind = user?.is_bot
        ? 'bot'
        : user?.is_app_user
          ? 'agent'
          : user?.deleted
            ? 'bot'
            : 'human';
      const name = user?.profile?.display_name || user?.real_name || user?.name || userId;
      known = { kind, name, until: now.getTime() + TTL_MS };
    } catch (err) {
      if ((err as { data?: { error?: string } }).data?.error !== 'user_not_found') throw err;
      known = { kind: 'bot', name: userId, until: now.getTime() + TTL_MS };
    }
    this.known.set(userId, known);
    return known;
  }
}
