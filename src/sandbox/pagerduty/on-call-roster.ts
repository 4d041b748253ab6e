/** A PagerDuty user known to the stand-in. */
export interface StandInUser {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly timeZone?: string;
}

/** Who is on call at one escalation level of a policy, optionally through a schedule (`setOnCall` input). */
export interface OnCallAssignment {
  /** The schedule the shift comes from; omit for a user targeted directly by the escalation rule. */
  readonly scheduleId?: string;
  /** Defaults to `DEFAULT_ESCALATION_POLICY_ID`: every PagerDuty on-call belongs to an escalation policy. */
  readonly escalationPolicyId?: string;
  /** The people on call; `[]` leaves nobody on call at this slot. */
  readonly users: readonly StandInUser[];
  /** Escalation level, 1 (first responder) by default. */
  readonly level?: number;
  /** Shift bounds; `null` (the default) means unbounded, PagerDuty's "permanent" on-call. */
  readonly start?: Date | null;
  readonly end?: Date | null;
}

/** One on-call entry as stored: a user on call at a level of a policy, for a time range. */
export interface OnCallEntry {
  readonly user: StandInUser;
  readonly scheduleId: string | null;
  readonly escalationPolicyId: string;
  readonly level: number;
  readonly start: Date | null;
  readonly end: Date | null;
}

/** Filters of `GET /oncalls` (empty lists mean no filter). */
export interface OnCallFilter {
  readonly scheduleIds: readonly string[];
  readonly escalationPolicyIds: readonly string[];
  readonly userIds: readonly string[];
  readonly since: Date;
  readonly until: Date;
  readonly earliest: boolean;
}

/** The escalation policy of assignments that name none. */
export const DEFAULT_ESCALATION_POLICY_ID = 'PDEFAULTEP';

const time = (d: Date | null, unbounded: number) => (d === null ? unbounded : d.getTime());

/** The stand-in's users and on-call entries, with PagerDuty's `GET /oncalls` filtering. */
export class OnCallRoster {
  private readonly users = new Map<string, StandInUser>();
  private entries: OnCallEntry[] = [];

  /** Adds or replaces a user (users named in `setOnCall` are added too). */
  addUser(user: StandInUser): void {
    this.users.set(user.id, user);
  }

  /** A user by id. */
  user(id: string): StandInUser | undefined {
    return this.users.get(id);
  }

  /** Every user, in the order they were added. */
  allUsers(): StandInUser[] {
    return [...this.users.values()];
  }

  /** Replaces who is on call at the (schedule, escalation policy, level) slot of `assignment`. */
  setOnCall(assignment: OnCallAssignment): void {
    const scheduleId = assignment.scheduleId ?? null;
    const escalationPolicyId = assignment.escalationPolicyId ?? DEFAULT_ESCALATION_POLICY_ID;
    const level = assignment.level ?? 1;
    if (!Number.isInteger(level) || level < 1) {
      throw new Error(`level must be a positive integer, got ${level}`);
    }
    this.entries = this.entries.filter(
      (e) =>
        !(e.scheduleId === scheduleId && e.escalationPolicyId === escalationPolicyId && e.level === level),
    );
    for (const user of assignment.users) {
      this.addUser(user);
      this.entries.push({
        user,
        scheduleId,
        escalationPolicyId,
        level,
        start: assignment.start ?? null,
        end: assignment.end ?? null,
      });
    }
  }

  /** Leaves nobody on call anywhere (users stay known). */
  clearOnCall(): void {
    this.entries = [];
  }

  /**
   * The entries matching a `GET /oncalls` query: every filter given must match, the shift must overlap
   * [since, until], and with `earliest` only the earliest entry per (escalation policy, level, user) is kept.
   * Sorted by escalation level, then start.
   */
  query(filter: OnCallFilter): OnCallEntry[] {
    const matches = (list: readonly string[], value: string | null) =>
      list.length === 0 || list.includes(value ?? 'null');
    let found = this.entries.filter(
      (e) =>
        matches(filter.scheduleIds, e.scheduleId) &&
        matches(filter.escalationPolicyIds, e.escalationPolicyId) &&
        matches(filter.userIds, e.user.id) &&
        time(e.start, Number.NEGATIVE_INFINITY) <= filter.until.getTime() &&
        time(e.end, Number.POSITIVE_INFINITY) > filter.since.getTime(),
    );
    if (filter.earliest) {
      const first = new Map<string, OnCallEntry>();
      for (const e of found) {
        const key = `${e.escalationPolicyId}|${e.level}|${e.user.id}`;
        const seen = first.get(key);
        if (!seen || time(e.start, Number.NEGATIVE_INFINITY) < time(seen.start, Number.NEGATIVE_INFINITY)) {
          first.set(key, e);
        }
      }
      found = [...first.values()];
    }
    return found.sort(
      (a, b) =>
        a.level - b.level ||
        time(a.start, Number.NEGATIVE_INFINITY) - time(b.start, Number.NEGATIVE_INFINITY),
    );
  }
}
