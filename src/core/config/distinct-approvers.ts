/** Either one distinct person per role, or the smallest-found group of roles that share too few people. */
export type RoleFilling =
  | { readonly ok: true; readonly assignment: ReadonlyMap<string, string> }
  | { readonly ok: false; readonly roles: readonly string[]; readonly people: readonly string[] };

/**
 * Assigns a different person to each required role (bipartite matching), because each required approval must come
 * from a distinct human. When impossible, returns a group of roles whose members together are fewer than the
 * roles (a Hall violator), which is what an operator has to fix.
 */
export function fillRolesDistinctly(
  requiredRoles: readonly string[],
  membersOf: (role: string) => readonly string[],
): RoleFilling {
  const roles = [...new Set(requiredRoles)];
  const holder = new Map<string, string>();

  const tryAssign = (role: string, visited: Set<string>): boolean => {
    for (const person of membersOf(role)) {
      if (visited.has(person)) continue;
      visited.add(person);
      const current = holder.get(person);
      if (current === undefined || tryAssign(current, visited)) {
        holder.set(person, role);
        return true;
      }
    }
    return false;
  };

  for (const role of roles) {
    if (!tryAssign(role, new Set())) return { ok: false, ...hallViolator(role, membersOf, holder) };
  }
  const assignment = new Map<string, string>();
  for (const [person, role] of holder) assignment.set(role, person);
  return { ok: true, assignment };
}

/** Roles reachable from an unassignable role by alternating paths, and the people they share. */
function hallViolator(
  start: string,
  membersOf: (role: string) => readonly string[],
  holder: ReadonlyMap<string, string>,
): { roles: string[]; people: string[] } {
  const roles = [start];
  const people = new Set<string>();
  for (let i = 0; i < roles.length; i++) {
    for (const person of membersOf(roles[i] ?? '')) {
      if (people.has(person)) continue;
      people.add(person);
      const next = holder.get(person);
      if (next !== undefined && !roles.includes(next)) roles.push(next);
    }
  }
  return { roles, people: [...people].sort() };
}
