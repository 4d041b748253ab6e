import type { CalendarDate } from '../config/calendar-date.js';
import type { Severity } from '../config/shipgate-config-schema.js';
import {
  type BreachableClock,
  type IncidentEventRecord,
  type IncidentLogEntry,
  readIncidentLog,
} from './incident-log.js';
import { type IncidentState, MACHINE_EVENT_OF, transitionIncident } from './incident-state-machine.js';

/** A follow-up from the incident or its review (chapter 6.3, "Action Items"). */
export interface ActionItem {
  readonly id: string;
  readonly text: string;
  readonly owner: string;
  readonly due: CalendarDate | undefined;
  readonly addedAt: Date;
  readonly status: 'open' | 'done';
  readonly doneAt: Date | undefined;
}

/** A severity clock whose deadline passed, as recorded when it fired. */
export interface ClockBreach {
  readonly clock: BreachableClock;
  readonly severity: Severity;
  readonly dueAt: Date;
  readonly breachedAt: Date;
  readonly escalatedTo: readonly string[];
}

/** An incident as its event log says it is now: what clocks, commands and the report need to know. */
export interface IncidentSnapshot {
  readonly id: string;
  readonly title: string;
  readonly private: boolean;
  readonly channel: string | undefined;
  readonly state: IncidentState;
  readonly severity: Severity;
  readonly initialSeverity: Severity;
  readonly severityChangedAt: Date | undefined;
  readonly declaredAt: Date;
  readonly declaredBy: string;
  /** First acknowledgement by a human: `ack`, or a human assigning a commander. */
  readonly acknowledgedAt: Date | undefined;
  readonly commander: string | undefined;
  readonly roles: Readonly<Record<string, string>>;
  readonly firstUpdateAt: Date | undefined;
  readonly lastUpdateAt: Date | undefined;
  readonly updateCount: number;
  readonly resolvedAt: Date | undefined;
  readonly resolution: string | undefined;
  readonly reviewedAt: Date | undefined;
  readonly reviewedBy: string | undefined;
  readonly engineeringLead: string | undefined;
  readonly services: readonly string[];
  readonly customersAffected: string | undefined;
  readonly actionItems: readonly ActionItem[];
  readonly breaches: readonly ClockBreach[];
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}

function acknowledge(s: IncidentSnapshot, e: IncidentLogEntry): IncidentSnapshot {
  return e.actorKind === 'human'
    ? { ...s, state: 'acknowledged', acknowledgedAt: s.acknowledgedAt ?? e.at }
    : s;
}

function declare(e: IncidentLogEntry): IncidentSnapshot {
  if (e.type !== 'incident.declared')
    throw new TypeError(`an incident log must start with incident.declared, not ${e.type}`);
  const p = e.payload;
  return {
    id: p.id,
    title: p.title,
    private: p.private,
    channel: p.channel,
    state: 'declared',
    severity: p.severity,
    initialSeverity: p.severity,
    severityChangedAt: undefined,
    declaredAt: e.at,
    declaredBy: e.actor,
    acknowledgedAt: undefined,
    commander: undefined,
    roles: {},
    firstUpdateAt: undefined,
    lastUpdateAt: undefined,
    updateCount: 0,
    resolvedAt: undefined,
    resolution: undefined,
    reviewedAt: undefined,
    reviewedBy: undefined,
    engineeringLead: undefined,
    services: union([], p.services),
    customersAffected: p.customersAffected,
    actionItems: [],
    breaches: [],
  };
}

/**
 * Applies one event to a snapshot (`undefined` before the first, which must be `incident.declared`). The snapshot
 * follows the state machine: an event it refuses in the current state (a second resolve, an update after the
 * review) leaves the snapshot unchanged, so a report can always be built from whatever the log holds. Only humans
 * acknowledge: an `ack` or commander assignment by a bot or agent names the commander but starts nothing.
 */
export function applyIncidentEvent(
  snapshot: IncidentSnapshot | undefined,
  e: IncidentLogEntry,
): IncidentSnapshot {
  if (snapshot === undefined) return declare(e);
  const s = snapshot;
  if (!transitionIncident(s.state, MACHINE_EVENT_OF[e.type]).ok) return s;
  switch (e.type) {
    case 'incident.acknowledged':
      return acknowledge(s, e);
    case 'incident.commander_assigned':
      return acknowledge({ ...s, commander: e.payload.user }, e);
    case 'incident.role_assigned':
      return { ...s, roles: { ...s.roles, [e.payload.role]: e.payload.user } };
    case 'incident.severity_changed':
      return e.payload.to === s.severity ? s : { ...s, severity: e.payload.to, severityChangedAt: e.at };
    case 'incident.update_posted':
      return {
        ...s,
        firstUpdateAt: s.firstUpdateAt ?? e.at,
        lastUpdateAt: e.at,
        updateCount: s.updateCount + 1,
        services: union(s.services, e.payload.services),
        customersAffected: e.payload.customersAffected ?? s.customersAffected,
      };
    case 'incident.clock_breached':
      return { ...s, breaches: [...s.breaches, { ...e.payload, breachedAt: e.at }] };
    case 'incident.action_item_added': {
      const { item: id, text, owner, due } = e.payload;
      if (s.actionItems.some((item) => item.id === id)) return s;
      const item: ActionItem = { id, text, owner, due, addedAt: e.at, status: 'open', doneAt: undefined };
      return { ...s, actionItems: [...s.actionItems, item] };
    }
    case 'incident.action_item_done':
      return {
        ...s,
        actionItems: s.actionItems.map((item) =>
          item.id === e.payload.item && item.status === 'open'
            ? { ...item, status: 'done', doneAt: e.at }
            : item,
        ),
      };
    case 'incident.resolved':
      return {
        ...s,
        state: 'resolved',
        resolvedAt: e.at,
        resolution: e.payload.resolution,
        customersAffected: e.payload.customersAffected ?? s.customersAffected,
      };
    case 'incident.review_completed':
      return {
        ...s,
        state: 'reviewed',
        reviewedAt: e.at,
        reviewedBy: e.actor,
        engineeringLead: e.payload.engineeringLead,
      };
    default:
      return s;
  }
}

/** The snapshot of a whole log (oldest first). Throws when the log does not start by declaring the incident. */
export function foldIncident(records: readonly IncidentEventRecord[]): IncidentSnapshot {
  const snapshot = readIncidentLog(records).reduce<IncidentSnapshot | undefined>(
    applyIncidentEvent,
    undefined,
  );
  if (snapshot === undefined) throw new TypeError('the incident log holds no incident.declared event');
  return snapshot;
}
