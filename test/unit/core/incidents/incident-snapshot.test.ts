import { describe, expect, it } from 'vitest';
import { foldIncident } from '../../../../src/core/incidents/incident-snapshot.js';
import { at, declared, ev } from './incident-fixture.js';

describe('foldIncident', () => {
  it('starts declared with the declaration facts', () => {
    const s = foldIncident([declared('10:00', 'SEV-2')]);
    expect(s).toMatchObject({
      id: 'INC-2026-0007',
      title: 'Checkout down',
      state: 'declared',
      severity: 'SEV-2',
      initialSeverity: 'SEV-2',
      declaredAt: at('10:00'),
      declaredBy: 'U0ALICE',
      services: ['checkout'],
      acknowledgedAt: undefined,
    });
  });

  it('is acknowledged by the first human ack and keeps that time', () => {
    const s = foldIncident([
      declared('10:00'),
      ev('incident.acknowledged', '10:12', {}, 'U0BOB'),
      ev('incident.acknowledged', '10:14', {}, 'U0CAROL'),
    ]);
    expect(s.state).toBe('acknowledged');
    expect(s.acknowledgedAt).toEqual(at('10:12'));
  });

  it('counts a commander assigned by a human as acknowledgement', () => {
    const s = foldIncident([
      declared('10:00'),
      ev('incident.commander_assigned', '10:05', { user: 'U0BOB' }),
    ]);
    expect(s).toMatchObject({ state: 'acknowledged', acknowledgedAt: at('10:05'), commander: 'U0BOB' });
  });

  it('does not let a bot or agent acknowledge, though it may name the commander', () => {
    const s = foldIncident([
      declared('10:00'),
      ev('incident.acknowledged', '10:01', {}, 'shipgate', 'bot'),
      ev('incident.commander_assigned', '10:02', { user: 'U0BOB' }, 'U0AGENT', 'agent'),
    ]);
    expect(s).toMatchObject({ state: 'declared', acknowledgedAt: undefined, commander: 'U0BOB' });
  });

  it('tracks severity changes, updates, services and the customers estimate', () => {
    const s = foldIncident([
      declared('10:00', 'SEV-2'),
      ev('incident.severity_changed', '10:10', { from: 'SEV-2', to: 'SEV-1' }),
      ev('incident.update_posted', '10:20', { text: 'a', services: ['payments'], customersAffected: '~300' }),
      ev('incident.update_posted', '10:40', { text: 'b', services: ['checkout'] }),
    ]);
    expect(s).toMatchObject({
      severity: 'SEV-1',
      initialSeverity: 'SEV-2',
      severityChangedAt: at('10:10'),
      firstUpdateAt: at('10:20'),
      lastUpdateAt: at('10:40'),
      updateCount: 2,
      services: ['checkout', 'payments'],
      customersAffected: '~300',
    });
  });

  it('resolves, reviews and completes action items even after the review', () => {
    const s = foldIncident([
      declared('10:00'),
      ev('incident.action_item_added', '10:30', {
        item: 'A1',
        text: 'Add alert',
        owner: 'U0BOB',
        due: '2026-12-01',
      }),
      ev('incident.resolved', '11:00', { resolution: 'Rolled back' }),
      ev('incident.review_completed', '2026-11-25T09:00:00Z', { engineeringLead: 'U0LEAD' }),
      ev('incident.action_item_done', '2026-11-26T09:00:00Z', { item: 'A1' }, 'U0BOB'),
    ]);
    expect(s).toMatchObject({
      state: 'reviewed',
      resolvedAt: at('11:00'),
      resolution: 'Rolled back',
      reviewedAt: at('2026-11-25T09:00:00Z'),
      engineeringLead: 'U0LEAD',
    });
    expect(s.actionItems).toEqual([
      {
        id: 'A1',
        text: 'Add alert',
        owner: 'U0BOB',
        due: '2026-12-01',
        addedAt: at('10:30'),
        status: 'done',
        doneAt: at('2026-11-26T09:00:00Z'),
      },
    ]);
  });

  it('ignores what the state machine refuses: a second resolve, an update after resolution', () => {
    const s = foldIncident([
      declared('10:00'),
      ev('incident.resolved', '11:00', { resolution: 'first' }),
      ev('incident.update_posted', '11:05', { text: 'late' }),
      ev('incident.resolved', '11:10', { resolution: 'second' }),
      ev('incident.severity_changed', '11:15', { from: 'SEV-1', to: 'SEV-3' }),
    ]);
    expect(s).toMatchObject({
      resolvedAt: at('11:00'),
      resolution: 'first',
      updateCount: 0,
      severity: 'SEV-1',
    });
  });

  it('records clock breaches with the time they fired', () => {
    const s = foldIncident([
      declared('10:00'),
      ev(
        'incident.clock_breached',
        '10:15:02',
        {
          clock: 'response',
          severity: 'SEV-1',
          dueAt: at('10:15'),
          escalatedTo: ['engineering-lead', 'cto'],
        },
        'shipgate',
        'bot',
      ),
    ]);
    expect(s.breaches).toEqual([
      {
        clock: 'response',
        severity: 'SEV-1',
        dueAt: at('10:15'),
        breachedAt: at('10:15:02'),
        escalatedTo: ['engineering-lead', 'cto'],
      },
    ]);
  });

  it('throws when the log does not start with a declaration', () => {
    expect(() => foldIncident([])).toThrow(/no incident.declared/);
    expect(() => foldIncident([ev('incident.note_added', '10:00', { text: 'x' })])).toThrow(
      /must start with/,
    );
  });
});
