import type { Severity } from '../config/shipgate-config-schema.js';
import { addCalendarDays, instantAt } from '../deploys/local-time.js';
import {
  minuteAfter as after,
  escalationTargets,
  type IncidentClockPolicy,
  type IncidentClockState,
  responseDueAt,
  reviewDueAt,
  updateDueAt,
} from './incident-deadlines.js';
import type { ClockBreach } from './incident-snapshot.js';
import { ceilToMinute } from './incident-time.js';

/** The clocks an incident can have armed; `*_reminder` ones only remind, the others are deadlines that breach. */
export const INCIDENT_CLOCK_KINDS = [
  'response',
  'response_reminder',
  'update_due',
  'update_reminder',
  'review_due',
  'review_reminder',
  'action_reminder',
] as const;

/** An incident clock kind. */
export type IncidentClockKind = (typeof INCIDENT_CLOCK_KINDS)[number];

/** The response reminder comes when this share of the response window has passed (SEV-1: 10 of 15 minutes). */
export const RESPONSE_REMINDER_AT = 2 / 3;
/** The update reminder comes this long before the update is due, or a quarter of the cadence if that is shorter. */
export const UPDATE_REMINDER_LEAD_MS = 5 * 60_000;
/** An unfinished post-incident review is reminded this often after resolution, also once it is overdue. */
export const REVIEW_REMINDER_EVERY_MS = 12 * 3_600_000;
/** Action items are reminded at this minute of the team's day, the day before they are due and on the day. */
export const ACTION_REMINDER_MINUTE = 9 * 60;

/**
 * One clock to arm. `key` identifies it across re-plans (kind, severity in force, due time, action item), so an
 * unchanged clock keeps its timer and a changed one is cancelled and armed anew. `deadline` is what a reminder
 * announces (a deadline's own `dueAt`; for an action item the end of its due day). `notify` says who hears it;
 * `escalateTo` lists the roles a breached deadline escalates to (empty for reminders).
 */
export interface IncidentClock {
  readonly key: string;
  readonly kind: IncidentClockKind;
  readonly dueAt: Date;
  readonly severity: Severity;
  readonly deadline: Date;
  readonly notify: 'channel' | 'commander' | 'owner';
  readonly escalateTo: readonly string[];
  readonly actionItemId?: string;
}

function clock(
  kind: IncidentClockKind,
  dueAt: Date,
  fields: Omit<IncidentClock, 'key' | 'kind' | 'dueAt'>,
): IncidentClock {
  const scope = fields.actionItemId ?? fields.severity;
  return { key: `${kind}:${scope}:${dueAt.toISOString()}`, kind, dueAt, ...fields };
}

function breached(state: IncidentClockState, kind: ClockBreach['clock'], dueAt: Date): boolean {
  return (state.breaches ?? []).some((b) => b.clock === kind && b.dueAt.getTime() === dueAt.getTime());
}

/** A response breach already escalated to every role the new severity would: no second escalation. */
function responseAlreadyEscalated(state: IncidentClockState, roles: readonly string[]): boolean {
  return (state.breaches ?? []).some(
    (b) => b.clock === 'response' && roles.every((r) => b.escalatedTo.includes(r)),
  );
}

function severityClocks(policy: IncidentClockPolicy, state: IncidentClockState): IncidentClock[] {
  const { severity } = state;
  const escalateTo = escalationTargets(policy, severity);
  const clocks: IncidentClock[] = [];
  const response = responseDueAt(policy, state);
  if (response && !responseAlreadyEscalated(state, escalateTo)) {
    const window = policy.severities[severity].respond_within.ms;
    const base = { severity, deadline: response, notify: 'channel' } as const;
    clocks.push(clock('response', response, { ...base, escalateTo }));
    clocks.push(
      clock('response_reminder', after(state.declaredAt, window * RESPONSE_REMINDER_AT), {
        ...base,
        escalateTo: [],
      }),
    );
  }
  const update = updateDueAt(policy, state);
  const every = policy.severities[severity].update_every?.ms ?? 0;
  if (update && !breached(state, 'update_due', update)) {
    const base = { severity, deadline: update, notify: 'commander' } as const;
    const lead = Math.min(UPDATE_REMINDER_LEAD_MS, every / 4);
    clocks.push(clock('update_due', update, { ...base, escalateTo }));
    clocks.push(
      clock('update_reminder', ceilToMinute(new Date(update.getTime() - lead)), { ...base, escalateTo: [] }),
    );
  }
  return clocks;
}

function reviewClocks(policy: IncidentClockPolicy, state: IncidentClockState, now: Date): IncidentClock[] {
  const due = reviewDueAt(policy, state);
  if (!due || !state.resolvedAt) return [];
  const base = { severity: state.severity, deadline: due, notify: 'commander' } as const;
  const clocks = breached(state, 'review_due', due)
    ? []
    : [clock('review_due', due, { ...base, escalateTo: escalationTargets(policy, state.severity) })];
  const since = now.getTime() - state.resolvedAt.getTime();
  let step = Math.max(1, Math.floor(since / REVIEW_REMINDER_EVERY_MS) + 1);
  let reminder = after(state.resolvedAt, step * REVIEW_REMINDER_EVERY_MS);
  while (reminder <= now || reminder.getTime() === due.getTime())
    reminder = after(state.resolvedAt, ++step * REVIEW_REMINDER_EVERY_MS);
  return [...clocks, clock('review_reminder', reminder, { ...base, escalateTo: [] })];
}

function actionClocks(policy: IncidentClockPolicy, state: IncidentClockState): IncidentClock[] {
  return (state.actionItems ?? []).flatMap((item) => {
    if (item.status !== 'open' || item.due === undefined) return [];
    const deadline = instantAt(item.due, 24 * 60, policy.timeZone);
    return [addCalendarDays(item.due, -1), item.due].map((day) =>
      clock('action_reminder', ceilToMinute(instantAt(day, ACTION_REMINDER_MINUTE, policy.timeZone)), {
        severity: state.severity,
        deadline,
        notify: 'owner',
        escalateTo: [],
        actionItemId: item.id,
      }),
    );
  });
}

/**
 * Every clock that should be armed for an incident at `now`, earliest first. Deadlines (response, update due,
 * review due) are kept even when already past, so an overdue one fires at once, unless its breach is already
 * recorded; reminders at or before `now` are dropped as stale. After resolution only the review clocks and the
 * action-item reminders remain. Review reminders repeat every 12 hours until the review is done: only the next
 * one is returned, and re-planning after it fires arms the following one.
 */
export function planIncidentClocks(
  policy: IncidentClockPolicy,
  state: IncidentClockState,
  now: Date,
): IncidentClock[] {
  const all = [
    ...severityClocks(policy, state),
    ...reviewClocks(policy, state, now),
    ...actionClocks(policy, state),
  ];
  return all
    .filter((c) => !c.kind.endsWith('_reminder') || c.dueAt > now)
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.key.localeCompare(b.key));
}

/** What to do with the armed timers when an incident changes: cancel, arm, and keep untouched. */
export interface ClockReplan {
  readonly cancel: readonly IncidentClock[];
  readonly arm: readonly IncidentClock[];
  readonly keep: readonly IncidentClock[];
}

/**
 * Compares the clocks planned before and after a change by key: everything whose key disappeared is cancelled,
 * every new key is armed, the rest keeps its timer. A severity change alters the key of every severity clock, so
 * all of them are re-planned in one go.
 */
export function replanClocks(before: readonly IncidentClock[], after: readonly IncidentClock[]): ClockReplan {
  const beforeKeys = new Set(before.map((c) => c.key));
  const afterKeys = new Set(after.map((c) => c.key));
  return {
    cancel: before.filter((c) => !afterKeys.has(c.key)),
    arm: after.filter((c) => !beforeKeys.has(c.key)),
    keep: after.filter((c) => beforeKeys.has(c.key)),
  };
}
