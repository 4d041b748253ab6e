import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { incidentReportData } from '../../../../src/adapters/templates/incident-report-view.js';
import {
  INCIDENT_TEMPLATES,
  renderIncidentReport,
} from '../../../../src/adapters/templates/incident-templates.js';
import { incidentReportView, plainMention } from '../../../../src/adapters/templates/map-incident-report.js';
import { TEMPLATES_DIR } from '../../../../src/adapters/templates/templates-dir.js';
import type { IncidentEventRecord } from '../../../../src/core/incidents/incident-log.js';
import { buildIncidentReport, REPORT_PLACEHOLDERS } from '../../../../src/core/incidents/incident-report.js';
import { at, declared, ev, POLICY } from '../../core/incidents/incident-fixture.js';
import { tableProblems, tables, unknownVariables } from './markdown-check.js';

const MIN = 60_000;

/** A SEV-1 raised at 10:00:40, acknowledged, downgraded, resolved at 11:05:10 and reviewed the next day. */
const reviewed: IncidentEventRecord[] = [
  declared('10:00:40'),
  ev('incident.commander_assigned', '10:04', { user: 'U0ALICE' }),
  ev('incident.severity_changed', '10:10', { from: 'SEV-1', to: 'SEV-2' }),
  ev('incident.update_posted', '10:20', { text: 'Rolled back', customersAffected: 'about 1,200 checkouts' }),
  ev('incident.note_added', '10:30', { text: 'Root cause: pool lowered from 50 to 5' }),
  ev('incident.note_added', '10:31', { text: 'Root cause: no load test caught it' }),
  ev('incident.note_added', '10:32', { text: 'Went well: rollback took 40 seconds' }),
  ev('incident.action_item_added', '10:40', {
    item: 'A1',
    text: 'Load-test pool | limits',
    owner: 'U0BOB',
    due: '2026-12-01',
  }),
  ev('incident.action_item_added', '10:41', { item: 'A2', text: 'Alert on saturation', owner: 'U0CAROL' }),
  ev('incident.action_item_done', '10:50', { item: 'A2' }),
  ev('incident.resolved', '11:05:10', { resolution: 'Rolled back to 2.5.3' }),
  ev('incident.review_completed', '2026-11-25T09:00:00Z', { engineeringLead: 'U0DAVE' }),
];

const reportOf = (records: IncidentEventRecord[], now = at('2026-11-26T00:00:00Z')) =>
  buildIncidentReport(records, now, POLICY);

describe('incidentReportView', () => {
  it("keeps the core's measured duration and shows a changed severity with the declared one", () => {
    const report = reportOf(reviewed);
    const view = incidentReportView(report, plainMention);

    expect(view.details).toMatchObject({
      id: 'INC-2026-0007',
      severity: 'SEV-2 (declared as SEV-1)',
      startedAt: at('10:00:40'),
      endedAt: at('11:05:10'),
      duration: 64 * MIN + 30_000,
      services: ['checkout'],
      customersAffected: 'about 1,200 checkouts',
    });
    expect(renderIncidentReport(view)).toContain('- Duration: 1 hour 4 minutes\n');
  });

  it('names action owners, signers and people on the timeline with the naming it is given', () => {
    const plain = incidentReportView(reportOf(reviewed), plainMention);
    const names: Record<string, string> = { U0ALICE: 'Alice <Ops>', U0BOB: 'Bob', U0CAROL: 'Carol' };
    const named = incidentReportView(reportOf(reviewed), (id) => names[id] ?? id);

    expect(plain.actionItems.map((a) => a.owner)).toEqual(['@U0BOB', '@U0CAROL']);
    expect(plain.signOff?.signers).toEqual([
      { role: 'Incident Commander', name: '@U0ALICE', date: at('2026-11-25T09:00:00Z') },
      { role: 'Engineering Lead', name: '@U0DAVE', date: at('2026-11-25T09:00:00Z') },
    ]);
    expect(plain.signOff?.reviewDate).toEqual(at('2026-11-25T09:00:00Z'));
    expect(plain.timeline.some((t) => t.text === 'Incident commander assigned: @U0ALICE')).toBe(true);
    expect(named.actionItems.map((a) => a.owner)).toEqual(['Bob', 'Carol']);
    expect(named.timeline.some((t) => t.text === 'Incident commander assigned: Alice &lt;Ops&gt;')).toBe(
      true,
    );
    expect(JSON.stringify(named)).not.toContain('<@');
  });

  it('turns due dates into days that render as the same YYYY-MM-DD and keeps Open or Done', () => {
    const view = incidentReportView(reportOf(reviewed), plainMention);

    expect(view.actionItems).toEqual([
      { action: 'Load-test pool | limits', owner: '@U0BOB', due: at('2026-12-01T00:00:00Z'), status: 'Open' },
      { action: 'Alert on saturation', owner: '@U0CAROL', status: 'Done' },
    ]);
    const [, actions = []] = tables(renderIncidentReport(view));
    expect(actions.slice(2)).toEqual([
      '| Load-test pool \\| limits | @U0BOB | 2026-12-01 | Open |',
      '| Alert on saturation | @U0CAROL | not set | Done |',
    ]);
  });

  it('writes several recorded items as separate paragraphs and unrecorded sections as the chapter placeholders', () => {
    const view = incidentReportView(reportOf(reviewed), plainMention);

    expect(view.rootCause).toBe('pool lowered from 50 to 5\n\nno load test caught it');
    expect(view.resolution).toBe('Rolled back to 2.5.3');
    expect(view.impact).toBe(REPORT_PLACEHOLDERS.impact);
    expect(view.wentWell).toEqual(['rollback took 40 seconds']);
    expect(view.wentPoorly).toEqual([REPORT_PLACEHOLDERS.wentPoorly]);
    expect(renderIncidentReport(view)).toContain(
      `### What Went Poorly:\n- ${REPORT_PLACEHOLDERS.wentPoorly}\n`,
    );
  });

  it('dates every timeline row once the incident spans two UTC days, and only then', () => {
    const spanning = incidentReportView(reportOf(reviewed), plainMention);
    const sameDay = incidentReportView(reportOf(reviewed.slice(0, -1)), plainMention);

    expect(spanning.timeline[0]?.time).toBe('2026-11-24 10:00');
    expect(spanning.timeline.at(-1)).toEqual({
      time: '2026-11-25 09:00',
      text: 'Post-incident review done by @U0ALICE',
    });
    expect(sameDay.timeline.map((t) => t.time)).toEqual([
      '10:00',
      '10:04',
      '10:10',
      '10:20',
      '10:30',
      '10:31',
      '10:32',
      '10:40',
      '10:41',
      '10:50',
      '11:05',
    ]);
  });

  it('maps the figures, naming breached clocks and leaving out times that were never reached', () => {
    const unanswered = [
      declared('10:00'),
      ev('incident.clock_breached', '10:15', {
        clock: 'response',
        severity: 'SEV-1',
        dueAt: '2026-11-24T10:15:00.000Z',
        escalatedTo: ['engineering-lead', 'cto'],
      }),
    ];
    const view = incidentReportView(reportOf(unanswered, at('10:50')), plainMention);

    expect(view.figures).toEqual({
      updatesOnTime: 0,
      updatesLate: 0,
      breaches: [{ clock: 'Response', severity: 'SEV-1', dueAt: at('10:15'), breachedAt: at('10:15') }],
    });
    expect(view.details.endedAt).toBeUndefined();
    const markdown = renderIncidentReport(view);
    expect(markdown).toContain('- End Time: ongoing\n- Duration: 50 minutes so far (ongoing)\n');
    expect(markdown).toContain('- Time to acknowledge: not reached\n- Time to first update: not reached\n');
    expect(markdown).toContain('| Response | SEV-1 | 2026-11-24 10:15 UTC | 2026-11-24 10:15 UTC |');
  });

  it('leaves sign-off names and dates unset for hand signing when nobody was named or reviewed', () => {
    const view = incidentReportView(reportOf([declared('10:00')], at('10:05')), plainMention);

    expect(view.signOff).toEqual({ signers: [{ role: 'Incident Commander' }, { role: 'Engineering Lead' }] });
  });

  it('gives the template every value it uses and renders only well-formed tables', () => {
    const view = incidentReportView(reportOf(reviewed), plainMention);
    const template = readFileSync(join(TEMPLATES_DIR, INCIDENT_TEMPLATES.report), 'utf8');
    const found = tables(renderIncidentReport(view));

    expect(unknownVariables(template, incidentReportData(view))).toEqual([]);
    expect(found.map((t) => t[0])).toEqual([
      '| Time (UTC) | Event |',
      '| Action | Owner | Due Date | Status |',
    ]);
    expect(found[0]).toHaveLength(2 + reviewed.length);
    for (const table of found) expect(tableProblems(table)).toEqual([]);
  });
});
