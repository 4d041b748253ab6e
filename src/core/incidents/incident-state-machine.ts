import type { IncidentRequest } from '../commands/incident-grammar.js';
import type { IncidentEventType } from './incident-log.js';

/**
 * Life of an incident (chapter 6.2): `declared` (open, nobody has acknowledged it yet: the response clock runs),
 * `acknowledged` (a human owns it; update cadence runs), `resolved` (clocks stopped; the post-incident review is
 * due) and `reviewed` (review done; the incident is closed).
 */
export const INCIDENT_STATES = ['declared', 'acknowledged', 'resolved', 'reviewed'] as const;

/** An incident state. */
export type IncidentState = (typeof INCIDENT_STATES)[number];

/** Everything that can happen to an incident; each names one edge of the transition table. */
export const INCIDENT_EVENTS = [
  'declare',
  'acknowledge',
  'assign_commander',
  'assign_role',
  'change_severity',
  'post_update',
  'add_note',
  'pin_message',
  'page',
  'pagerduty_acknowledged',
  'breach_clock',
  'approve_customer_notice',
  'post_customer_notice',
  'add_action_item',
  'complete_action_item',
  'resolve',
  'complete_review',
] as const;

/** An incident event name. */
export type IncidentEvent = (typeof INCIDENT_EVENTS)[number];

type Edges = Readonly<Partial<Record<IncidentEvent, IncidentState>>>;

/** What an open incident accepts without changing state, whether or not it is acknowledged. */
const OPEN_WORK = [
  'assign_role',
  'change_severity',
  'post_update',
  'add_note',
  'pin_message',
  'page',
  'pagerduty_acknowledged',
  'breach_clock',
  'approve_customer_notice',
  'post_customer_notice',
  'add_action_item',
  'complete_action_item',
] as const satisfies readonly IncidentEvent[];

function staying(state: IncidentState, events: readonly IncidentEvent[]): Edges {
  return Object.fromEntries(events.map((event) => [event, state]));
}

/**
 * The incident lifecycle as a table. Acknowledging, or a commander being assigned, moves `declared` to
 * `acknowledged` (a later commander is a handover). A PagerDuty acknowledgement is recorded but does not
 * acknowledge the Slack incident: the response clock waits for someone to take command here. Resolving is possible
 * from either open state. A resolved incident still takes notes (the review's findings), action items, the
 * review-overdue breach, the resolve sent to PagerDuty and the customer resolution notice (chapter 6.4); a reviewed
 * one only takes action items being completed, since follow-up work outlives the review.
 */
const TRANSITIONS = {
  declared: {
    ...staying('declared', OPEN_WORK),
    acknowledge: 'acknowledged',
    assign_commander: 'acknowledged',
    resolve: 'resolved',
  },
  acknowledged: {
    ...staying('acknowledged', OPEN_WORK),
    assign_commander: 'acknowledged',
    resolve: 'resolved',
  },
  resolved: {
    ...staying('resolved', [
      'add_note',
      'page',
      'breach_clock',
      'approve_customer_notice',
      'post_customer_notice',
      'add_action_item',
      'complete_action_item',
    ]),
    complete_review: 'reviewed',
  },
  reviewed: { complete_action_item: 'reviewed' },
} as const satisfies Record<IncidentState, Edges>;

const BEFORE_DECLARE: Edges = { declare: 'declared' };

/** The result of applying an event: the next state, or why the event does not apply. */
export type IncidentTransition =
  | { readonly ok: true; readonly state: IncidentState }
  | { readonly ok: false; readonly reason: string };

/** True once the incident is resolved or reviewed: its severity clocks are stopped. */
export function isClosedIncidentState(state: IncidentState): boolean {
  switch (state) {
    case 'resolved':
    case 'reviewed':
      return true;
    case 'declared':
    case 'acknowledged':
      return false;
    default:
      return unreachable(state);
  }
}

function unreachable(state: never): never {
  throw new TypeError(`unknown incident state ${String(state)}`);
}

/** The events a state accepts, in {@link INCIDENT_EVENTS} order. */
export function acceptedIncidentEvents(state: IncidentState): IncidentEvent[] {
  const edges: Edges = TRANSITIONS[state];
  return INCIDENT_EVENTS.filter((event) => edges[event] !== undefined);
}

function refusal(state: IncidentState, event: IncidentEvent): string {
  if (state === 'reviewed')
    return 'The incident is closed: its post-incident review is done. Its timeline, report and status are still available.';
  if (state === 'resolved')
    return 'The incident is resolved: it now takes only notes, action items and the post-incident review. Its timeline, report and status are still available.';
  if (event === 'acknowledge') return 'The incident is already acknowledged.';
  if (event === 'complete_review') return 'The post-incident review comes after the incident is resolved.';
  return `An incident that is ${state} cannot take "${event.replaceAll('_', ' ')}".`;
}

/**
 * Applies one event to an incident's state (`undefined` = no incident yet, which accepts only `declare`). Refusals
 * are values with a sentence for the person who asked, named after the state so they know why.
 */
export function transitionIncident(
  state: IncidentState | undefined,
  event: IncidentEvent,
): IncidentTransition {
  const edges: Edges = state === undefined ? BEFORE_DECLARE : TRANSITIONS[state];
  const next = edges[event];
  if (next !== undefined) return { ok: true, state: next };
  if (state === undefined)
    return { ok: false, reason: `There is no incident yet; it starts with "declare", not "${event}".` };
  return { ok: false, reason: refusal(state, event) };
}

/** The state-machine event each logged incident event is: every logged change passes the table first. */
export const MACHINE_EVENT_OF: Readonly<Record<IncidentEventType, IncidentEvent>> = {
  'incident.declared': 'declare',
  'incident.acknowledged': 'acknowledge',
  'incident.commander_assigned': 'assign_commander',
  'incident.role_assigned': 'assign_role',
  'incident.severity_changed': 'change_severity',
  'incident.update_posted': 'post_update',
  'incident.note_added': 'add_note',
  'incident.analysis_attached': 'add_note',
  'incident.message_pinned': 'pin_message',
  'incident.paged': 'page',
  'incident.page_failed': 'page',
  'incident.pagerduty_acknowledged': 'pagerduty_acknowledged',
  'incident.clock_breached': 'breach_clock',
  'incident.customer_notice_approved': 'approve_customer_notice',
  'incident.customer_notice_posted': 'post_customer_notice',
  'incident.action_item_added': 'add_action_item',
  'incident.action_item_done': 'complete_action_item',
  'incident.resolved': 'resolve',
  'incident.review_completed': 'complete_review',
};

/** The `/incident` subcommands that change an incident, and the event each one asks for. */
const COMMAND_EVENTS: Partial<Record<IncidentRequest['kind'], IncidentEvent>> = {
  ack: 'acknowledge',
  commander: 'assign_commander',
  role: 'assign_role',
  severity: 'change_severity',
  update: 'post_update',
  note: 'add_note',
  action: 'add_action_item',
  action_done: 'complete_action_item',
  resolve: 'resolve',
};

/**
 * Whether an `/incident` subcommand may run against an incident in `state`. Reads (`status`, `timeline`,
 * `report`, `list`, `help`) always may, and so may `declare`, which opens a new incident; every other subcommand
 * is the transition it asks for, so a resolved incident refuses `ack`, `update`, `severity`… with a reason.
 */
export function checkIncidentCommand(
  state: IncidentState,
  kind: IncidentRequest['kind'],
): IncidentTransition {
  const event = COMMAND_EVENTS[kind];
  return event === undefined ? { ok: true, state } : transitionIncident(state, event);
}
