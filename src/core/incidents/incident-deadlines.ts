import type { Duration } from '../config/duration.js';
import type { Severity, SeverityPolicy, ShipgateConfig } from '../config/shipgate-config-schema.js';
import type { ActionItem, ClockBreach } from './incident-snapshot.js';
import { ceilToMinute } from './incident-time.js';

/** The part of a severity's config the clocks read: response window, update cadence, escalation roles. */
export type SeverityClocks = Pick<SeverityPolicy, 'respond_within' | 'update_every' | 'escalate_to'>;

/** What the clocks are computed from: the config's severity table, `review_within` and the team's time zone. */
export interface IncidentClockPolicy {
  readonly severities: Readonly<Record<Severity, SeverityClocks>>;
  readonly reviewWithin: Duration;
  readonly timeZone: string;
}

/** The clock policy of a loaded config. */
export function incidentClockPolicy(
  config: Pick<ShipgateConfig, 'incidents' | 'timezone'>,
): IncidentClockPolicy {
  return {
    severities: config.incidents.severities,
    reviewWithin: config.incidents.review_within,
    timeZone: config.timezone,
  };
}

/** The facts the clocks depend on; an {@link IncidentSnapshot} is one. */
export interface IncidentClockState {
  readonly severity: Severity;
  readonly declaredAt: Date;
  readonly acknowledgedAt?: Date | undefined;
  readonly lastUpdateAt?: Date | undefined;
  readonly severityChangedAt?: Date | undefined;
  readonly resolvedAt?: Date | undefined;
  readonly reviewedAt?: Date | undefined;
  readonly actionItems?: readonly Pick<ActionItem, 'id' | 'due' | 'status'>[];
  readonly breaches?: readonly Pick<ClockBreach, 'clock' | 'dueAt' | 'escalatedTo'>[];
}

/** The roles a breach escalates to for a severity (chapter 6.1: SEV-1 engineering-lead + cto … SEV-4 none). */
export function escalationTargets(policy: IncidentClockPolicy, severity: Severity): readonly string[] {
  return policy.severities[severity].escalate_to;
}

/** `ms` after `at`, rounded up to the whole minute (clocks are minute-precise and never early). */
export function minuteAfter(at: Date, ms: number): Date {
  return ceilToMinute(new Date(at.getTime() + ms));
}

function latest(...dates: (Date | undefined)[]): Date | undefined {
  return dates.reduce<Date | undefined>((a, b) => (b === undefined || (a && a >= b) ? a : b), undefined);
}

/**
 * When the first response is due: declared + `respond_within`, while nobody has acknowledged and it is not
 * resolved. Measured from the declaration even after a severity change, since the response time is counted from
 * detection: an incident raised to SEV-1 after 20 unacknowledged minutes is overdue at once.
 */
export function responseDueAt(policy: IncidentClockPolicy, state: IncidentClockState): Date | undefined {
  if (state.acknowledgedAt || state.resolvedAt) return undefined;
  return minuteAfter(state.declaredAt, policy.severities[state.severity].respond_within.ms);
}

/**
 * When the next status update is due: `update_every` after the latest of the acknowledgement, the last update and
 * the last severity change. The cadence starts at acknowledgement: before it the response clock is the one that
 * matters and nobody owns the updates, so one silence is not escalated twice. A severity change restarts the
 * cadence at the new rate (announced with the change), so raising the severity cannot make an update late
 * retroactively. No update clock without a cadence (SEV-4), before acknowledgement or after resolution.
 */
export function updateDueAt(policy: IncidentClockPolicy, state: IncidentClockState): Date | undefined {
  const every = policy.severities[state.severity].update_every;
  const anchor = latest(state.acknowledgedAt, state.lastUpdateAt, state.severityChangedAt);
  if (!every || !state.acknowledgedAt || state.resolvedAt || !anchor) return undefined;
  return minuteAfter(anchor, every.ms);
}

/** When the post-incident review is due: resolved + `review_within` (48h, chapter 6.2), until it is done. */
export function reviewDueAt(policy: IncidentClockPolicy, state: IncidentClockState): Date | undefined {
  if (!state.resolvedAt || state.reviewedAt) return undefined;
  return minuteAfter(state.resolvedAt, policy.reviewWithin.ms);
}
