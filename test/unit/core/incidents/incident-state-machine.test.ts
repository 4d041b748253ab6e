import { describe, expect, it } from 'vitest';
import {
  acceptedIncidentEvents,
  checkIncidentCommand,
  INCIDENT_EVENTS,
  INCIDENT_STATES,
  type IncidentEvent,
  type IncidentState,
  isClosedIncidentState,
  transitionIncident,
} from '../../../../src/core/incidents/incident-state-machine.js';

const OPEN: IncidentEvent[] = [
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
];
const stay = (state: IncidentState, events: IncidentEvent[]) =>
  Object.fromEntries(events.map((e) => [e, state])) as Partial<Record<IncidentEvent, IncidentState>>;

/** The lifecycle written out independently of the implementation's table. */
const EXPECTED: Record<IncidentState, Partial<Record<IncidentEvent, IncidentState>>> = {
  declared: {
    ...stay('declared', OPEN),
    acknowledge: 'acknowledged',
    assign_commander: 'acknowledged',
    resolve: 'resolved',
  },
  acknowledged: { ...stay('acknowledged', OPEN), assign_commander: 'acknowledged', resolve: 'resolved' },
  resolved: {
    ...stay('resolved', [
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
};

const allowed = INCIDENT_STATES.flatMap((state) =>
  Object.entries(EXPECTED[state]).map(([event, next]) => [state, event as IncidentEvent, next] as const),
);
const refused = INCIDENT_STATES.flatMap((state) =>
  INCIDENT_EVENTS.filter((event) => EXPECTED[state][event] === undefined).map(
    (event) => [state, event] as const,
  ),
);

describe('incident state machine', () => {
  it.each(allowed)('moves %s on %s to %s', (state, event, next) => {
    expect(transitionIncident(state, event)).toEqual({ ok: true, state: next });
  });

  it.each(refused)('refuses %s on %s with a reason', (state, event) => {
    const result = transitionIncident(state, event);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason.length).toBeGreaterThan(10);
  });

  it('starts only with declare', () => {
    expect(transitionIncident(undefined, 'declare')).toEqual({ ok: true, state: 'declared' });
    expect(transitionIncident(undefined, 'acknowledge')).toEqual({
      ok: false,
      reason: 'There is no incident yet; it starts with "declare", not "acknowledge".',
    });
  });

  it('says an incident is already acknowledged rather than listing events', () => {
    expect(transitionIncident('acknowledged', 'acknowledge')).toEqual({
      ok: false,
      reason: 'The incident is already acknowledged.',
    });
  });

  it('explains that the review comes after resolution', () => {
    expect(transitionIncident('acknowledged', 'complete_review')).toEqual({
      ok: false,
      reason: 'The post-incident review comes after the incident is resolved.',
    });
  });

  it('lists accepted events in declaration order', () => {
    expect(acceptedIncidentEvents('reviewed')).toEqual(['complete_action_item']);
    expect(acceptedIncidentEvents('resolved')).toEqual([
      'add_note',
      'page',
      'breach_clock',
      'approve_customer_notice',
      'post_customer_notice',
      'add_action_item',
      'complete_action_item',
      'complete_review',
    ]);
  });

  it('treats resolved and reviewed as closed', () => {
    expect(INCIDENT_STATES.filter(isClosedIncidentState)).toEqual(['resolved', 'reviewed']);
  });
});

describe('incident commands', () => {
  it.each(['ack', 'commander', 'role', 'severity', 'update', 'resolve'] as const)(
    'refuses /incident %s on a resolved incident, saying it is resolved',
    (kind) => {
      const result = checkIncidentCommand('resolved', kind);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toMatch(/^The incident is resolved: it now takes only notes/);
    },
  );

  it.each(['timeline', 'report', 'status', 'note', 'action'] as const)(
    'lets /incident %s through on a resolved incident',
    (kind) => {
      expect(checkIncidentCommand('resolved', kind)).toEqual({ ok: true, state: 'resolved' });
    },
  );

  it('refuses a note once the review is done, but still shows the report', () => {
    const note = checkIncidentCommand('reviewed', 'note');
    expect(note.ok).toBe(false);
    if (!note.ok) expect(note.reason).toMatch(/closed: its post-incident review is done/);
    expect(checkIncidentCommand('reviewed', 'report').ok).toBe(true);
  });

  it('moves a declared incident to acknowledged on ack or commander', () => {
    expect(checkIncidentCommand('declared', 'ack')).toEqual({ ok: true, state: 'acknowledged' });
    expect(checkIncidentCommand('declared', 'commander')).toEqual({ ok: true, state: 'acknowledged' });
    expect(checkIncidentCommand('declared', 'update')).toEqual({ ok: true, state: 'declared' });
  });
});
