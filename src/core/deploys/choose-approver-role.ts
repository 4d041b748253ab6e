import { fillRolesDistinctly } from '../config/distinct-approvers.js';

/** Who may still fill the remaining roles after a click. */
export interface RoleChoiceInput {
  /** Missing roles the clicker holds, in the required order (at least one). */
  readonly candidates: readonly string[];
  /** Every missing role, in the required order. */
  readonly missing: readonly string[];
  /** Members of a role who could still approve (not the requester, not an earlier approver). */
  readonly eligibleOf: (role: string) => readonly string[];
  /** The person clicking now. */
  readonly clicker: string;
}

/**
 * Picks which of several missing roles a click fills, so that the roles left over can still be filled by distinct
 * other people (bipartite matching). When no choice keeps every role fillable, picks the one that leaves the most
 * fillable; ties go to the earlier required role.
 */
export function chooseApproverRole(input: RoleChoiceInput): string {
  const { candidates, missing, clicker } = input;
  const othersOf = (role: string) => input.eligibleOf(role).filter((person) => person !== clicker);
  let best: { role: string; fillable: number } | undefined;
  for (const role of candidates) {
    const rest = missing.filter((r) => r !== role);
    if (fillRolesDistinctly(rest, othersOf).ok) return role;
    const fillable = maximumFillable(rest, othersOf);
    if (best === undefined || fillable > best.fillable) best = { role, fillable };
  }
  if (best === undefined) throw new RangeError('chooseApproverRole needs at least one candidate role');
  return best.role;
}

/** How many of `roles` distinct people can fill at once (size of a maximum matching, by augmenting paths). */
export function maximumFillable(
  roles: readonly string[],
  membersOf: (role: string) => readonly string[],
): number {
  const holder = new Map<string, string>();
  const assign = (role: string, visited: Set<string>): boolean => {
    for (const person of membersOf(role)) {
      if (visited.has(person)) continue;
      visited.add(person);
      const current = holder.get(person);
      if (current === undefined || assign(current, visited)) {
        holder.set(person, role);
        return true;
      }
    }
    return false;
  };
  return [...new Set(roles)].filter((role) => assign(role, new Set())).length;
}
