import type { ActorKind } from '../core/actor.js';
import type { LoadedConfig } from '../core/config/loaded-config.js';
import { ownEntry } from '../core/own-entry.js';
import type { People } from './ports/people.js';

/** A role member who is not a person: reported at start-up and by `config check --slack`, never offered as approver. */
export interface NonHumanMember {
  readonly role: string;
  readonly user: string;
  readonly kind: Exclude<ActorKind, 'human'>;
}

/**
 * The config's role members as people who can act: bots and apps listed in a role are left out wherever Shipgate
 * names who may approve, once the workspace has told which members they are. Every click is still checked with the
 * workspace on its own; this only keeps messages from offering a bot as an approver.
 */
export class RoleRoster {
  private nonHumans = new Set<string>();

  constructor(
    private readonly config: LoadedConfig,
    private readonly people: People,
  ) {}

  /** Asks the workspace what every role member is; returns those who are not people. */
  async refresh(now: Date): Promise<NonHumanMember[]> {
    const found: NonHumanMember[] = [];
    for (const [role, members] of Object.entries(this.config.config.roles)) {
      for (const user of members) {
        const kind = await this.people.kindOf(user, now);
        if (kind !== 'human') found.push({ role, user, kind });
      }
    }
    this.nonHumans = new Set(found.map((m) => m.user));
    return found;
  }

  /** The role's members from the config, without those known not to be people. */
  members(role: string): readonly string[] {
    return this.humans(ownEntry(this.config.config.roles, role) ?? []);
  }

  /** `users` without those known not to be people. */
  humans(users: readonly string[]): readonly string[] {
    return users.filter((u) => !this.nonHumans.has(u));
  }
}
