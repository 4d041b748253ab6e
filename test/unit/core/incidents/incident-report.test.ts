import { describe, expect, it } from 'vitest';
import { buildIncidentReport, REPORT_PLACEHOLDERS } from '../../../../src/core/incidents/incident-report.js';
import { toPlainText } from '../../../../src/core/text/plain-text.js';
import { rich } from '../../../../src/core/text/rich-text.js';
import { at, declared, ev, iso, POLICY } from './incident-fixture.js';

const MIN = 60_000;

/**
 * SEV-1 declared 10:00, acknowledged with a commander 10:12 (update cadence 20m from then: due 10:32), update
 * 10:30 (on time; next due 10:50), lowered to SEV-2 at 10:40 (cadence restarts at 30m: due 11:10), the update
 * clock breaches at 11:10, update 11:15 (5 minutes late), resolved 11:40, reviewed the next morning.
 */
const HISTORY = [
  declared('10:00'),
  ev('incident.paged', '10:00:05', { target: 'checkout on-call' }, 'shipgate', 'bot'),
  ev('incident.acknowledged', '10:12', {}, 'U0BOB'),
  ev('incident.commander_assigned', '10:12', { user: 'U0BOB' }, 'U0BOB'),
  ev(
    'incident.update_posted',
    '10:30',
    { text: 'Payments fail', customersAffected: 'about 1,200 checkouts' },
    'U0BOB',
  ),
  ev('incident.severity_changed', '10:40', { from: 'SEV-1', to: 'SEV-2' }, 'U0BOB'),
  ev('incident.note_added', '10:45', { text: 'Root cause: expired TLS certificate on the gateway' }, 'U0BOB'),
  ev(
    'incident.clock_breached',
    '11:10',
    { clock: 'update_due', severity: 'SEV-2', dueAt: at('11:10'), escalatedTo: ['engineering-lead'] },
    'shipgate',
    'bot',
  ),
  ev(
    'incident.update_posted',
    '11:15',
    { text: 'Rotating the certificate', services: ['payments'] },
    'U0BOB',
  ),
  ev('incident.note_added', '11:20', { text: 'Fix: rotated the certificate' }, 'U0BOB'),
  ev('incident.note_added', '11:25', { text: 'Went well: on-call reached in a minute' }, 'U0CAROL'),
  ev('incident.note_added', '11:26', { text: 'Went poorly: no alert on certificate expiry' }, 'U0CAROL'),
  ev(
    'incident.action_item_added',
    '11:30',
    { item: 'A1', text: 'Alert 14 days before expiry', owner: 'U0CAROL', due: '2026-12-01' },
    'U0BOB',
  ),
  ev(
    'incident.resolved',
    '11:40',
    { resolution: 'Payments recovered', impact: 'EU checkouts failed' },
    'U0BOB',
  ),
  ev('incident.update_posted', '11:45', { text: 'after resolution' }, 'U0BOB'),
  ev('incident.review_completed', '2026-11-25T09:00:00Z', { engineeringLead: 'U0LEAD' }, 'U0BOB'),
];

describe('buildIncidentReport', () => {
  const report = buildIncidentReport(HISTORY, at('2026-11-25T10:00:00Z'), POLICY);

  it('measures acknowledgement, first update and each update against the due time in force', () => {
    expect(report.figures.timeToAcknowledgeMs).toBe(12 * MIN);
    expect(report.figures.timeToFirstUpdateMs).toBe(30 * MIN);
    expect(
      report.figures.updates.map((u) => [u.at.toISOString(), u.dueAt?.toISOString(), u.onTime, u.lateByMs]),
    ).toEqual([
      ['2026-11-24T10:30:00.000Z', '2026-11-24T10:32:00.000Z', true, 0],
      ['2026-11-24T11:15:00.000Z', '2026-11-24T11:10:00.000Z', false, 5 * MIN],
    ]);
    expect(report.figures.updatesOnTime).toBe(1);
    expect(report.figures.updatesLate).toBe(1);
  });

  it('lists the clock breaches with kind, severity, due and breach time', () => {
    expect(report.figures.breaches).toEqual([
      {
        clock: 'update_due',
        severity: 'SEV-2',
        dueAt: at('11:10'),
        breachedAt: at('11:10'),
        escalatedTo: ['engineering-lead'],
      },
    ]);
  });

  it('fills the incident details', () => {
    expect(report.details).toEqual({
      id: 'INC-2026-0007',
      title: 'Checkout down',
      severity: 'SEV-2',
      initialSeverity: 'SEV-1',
      start: at('10:00'),
      end: at('11:40'),
      ongoing: false,
      durationMs: 100 * MIN,
      duration: '1 hour 40 minutes',
      services: ['checkout', 'payments'],
      customersAffected: 'about 1,200 checkouts',
      commander: 'U0BOB',
      channel: undefined,
    });
  });

  it('files root cause, impact, resolution and lessons from the resolution and labelled notes', () => {
    expect(report.rootCause).toEqual({
      recorded: true,
      items: ['expired TLS certificate on the gateway'],
      text: 'expired TLS certificate on the gateway',
    });
    expect(report.impact.items).toEqual(['EU checkouts failed']);
    expect(report.resolution.text).toBe('rotated the certificate\nPayments recovered');
    expect(report.lessons.wentWell.items).toEqual(['on-call reached in a minute']);
    expect(report.lessons.wentPoorly.items).toEqual(['no alert on certificate expiry']);
  });

  it('lists action items and signs off with the commander and the engineering lead named at the review', () => {
    expect(report.actionItems).toEqual([
      { text: 'Alert 14 days before expiry', owner: 'U0CAROL', due: '2026-12-01', status: 'Open' },
    ]);
    const review = at('2026-11-25T09:00:00Z');
    expect(report.signOff).toEqual({
      signers: [
        { role: 'Incident Commander', name: 'U0BOB', date: review },
        { role: 'Engineering Lead', name: 'U0LEAD', date: review },
      ],
      reviewDate: review,
      reviewDueAt: at('2026-11-26T11:40:00Z'),
    });
  });

  it('carries the timeline, without the refused update after resolution in the figures', () => {
    expect(toPlainText(report.timeline[0]?.text ?? rich``)).toBe(
      'Incident declared by @U0ALICE: SEV-1 Checkout down (checkout)',
    );
    expect(report.timeline).toHaveLength(HISTORY.length);
    expect(report.figures.updates).toHaveLength(2);
  });

  it('reports an open incident as ongoing up to now (exact, as the resolution notice says it), with placeholders for what is missing', () => {
    const open = buildIncidentReport(
      [declared('10:00:40', 'SEV-3'), ev('incident.acknowledged', '10:20', {}, 'shipgate', 'bot')],
      at('12:05:10'),
      POLICY,
    );
    expect(open.details).toMatchObject({
      end: undefined,
      ongoing: true,
      duration: '2 hours 4 minutes',
      customersAffected: 'not recorded',
    });
    expect(open.rootCause).toEqual({ recorded: false, items: [], text: REPORT_PLACEHOLDERS.rootCause });
    expect(open.resolution.text).toBe(REPORT_PLACEHOLDERS.resolution);
    expect(open.figures).toMatchObject({
      timeToAcknowledgeMs: undefined,
      timeToFirstUpdateMs: undefined,
      updatesOnTime: 0,
      updatesLate: 0,
    });
    expect(open.signOff.signers.map((s) => [s.name, s.date])).toEqual([
      [undefined, undefined],
      [undefined, undefined],
    ]);
    expect(open.signOff.reviewDueAt).toBeUndefined();
  });

  it('counts an update before acknowledgement as on time and one on the due minute as on time', () => {
    const { figures } = buildIncidentReport(
      [
        declared('10:00', 'SEV-2'),
        ev('incident.update_posted', '10:05', { text: 'looking' }),
        ev('incident.commander_assigned', '10:10', { user: 'U0BOB' }),
        ev('incident.update_posted', '10:40', { text: 'still looking' }),
      ],
      at('10:41'),
      POLICY,
    );
    expect(iso(figures.updates.map((u) => u.dueAt))).toEqual([undefined, '2026-11-24T10:40:00.000Z']);
    expect(figures.updates.map((u) => u.onTime)).toEqual([true, true]);
    expect(figures.timeToAcknowledgeMs).toBe(10 * MIN);
    expect(figures.timeToFirstUpdateMs).toBe(5 * MIN);
  });

  it('throws for a log without a declaration', () => {
    expect(() => buildIncidentReport([], at('10:00'), POLICY)).toThrow(/no incident.declared/);
  });
});
