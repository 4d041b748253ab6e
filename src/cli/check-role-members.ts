import type { LoadedConfig } from '../core/config/loaded-config.js';
import type { People } from '../services/ports/people.js';
import { RoleRoster } from '../services/role-roster.js';

/** What `config check --slack` adds: one line per role member who is not a person, and the exit code. */
export interface RoleMemberCheck {
  readonly output: string;
  readonly exitCode: number;
}

const WHAT = { bot: 'a bot user', agent: 'an app (agent) user', shipgate: 'Shipgate itself' } as const;

/**
 * Asks the workspace what every member of every role is (`users.info`): a bot or app user listed in a role can never
 * approve, so each one is a problem to fix in the config (exit 1); a workspace Shipgate cannot reach is exit 2.
 */
export async function checkRoleMembers(
  config: LoadedConfig,
  people: People,
  now: Date,
): Promise<RoleMemberCheck> {
  const members = new Set(Object.values(config.config.roles).flat());
  let found: Awaited<ReturnType<RoleRoster['refresh']>>;
  try {
    found = await new RoleRoster(config, people).refresh(now);
  } catch (err) {
    return {
      output: `Slack: could not ask about role members (${err instanceof Error ? err.message : String(err)})`,
      exitCode: 2,
    };
  }
  if (found.length === 0)
    return { output: `OK Slack: all ${members.size} role members are people`, exitCode: 0 };
  const lines = found.map(
    (m) =>
      `roles.${m.role}: ${m.user} is ${WHAT[m.kind]} in Slack; it can never approve — list a person instead`,
  );
  return { output: lines.join('\n'), exitCode: 1 };
}
