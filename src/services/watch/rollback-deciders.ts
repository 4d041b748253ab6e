import { mentionList, type RichText, rich } from '../../core/text/rich-text.js';
import type { Runtime } from '../runtime.js';

/** Roles that may always decide a rollback, besides the environment's approver roles. */
const ALWAYS = ['on-call-engineer', 'engineering-lead'] as const;

/**
 * The roles whose members may roll back in `env`, or decide a watch's recommendation (Roll back now, Keep, Mark
 * good): the environment's approver roles, the on-call engineer and the engineering lead. Bots and agents never:
 * only role members who are people count (issue #9, "Who may roll back").
 */
export function rollbackRoles(rt: Runtime, env: string): string[] {
  const approvers = rt.config.environments.get(env)?.approval.approvers ?? [];
  return [...new Set([...approvers, ...ALWAYS])];
}

/** Why `userId` may not roll back in `env`, or undefined when they may; decided from the stored config roles. */
export function rollbackRefusal(rt: Runtime, env: string, userId: string): RichText | undefined {
  const roles = rollbackRoles(rt, env);
  if (roles.some((role) => rt.roster.members(role).includes(userId))) return undefined;
  const people = [...new Set(roles.flatMap((role) => rt.roster.members(role)))];
  return rich`only ${roles.join(', ')} may roll back ${env}: ${mentionList(people, 'nobody is configured')}.`;
}

/** Why `userId` may not stop a watch early or unblock a lane or version (team leads and engineering leads may). */
export function teamLeadRefusal(rt: Runtime, userId: string, what: string): RichText | undefined {
  const roles = ['team-lead', 'engineering-lead'];
  if (roles.some((role) => rt.roster.members(role).includes(userId))) return undefined;
  const people = [...new Set(roles.flatMap((role) => rt.roster.members(role)))];
  return rich`only a team lead or an engineering lead may ${what}: ${mentionList(people, 'nobody is configured')}.`;
}
