import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type IncidentReportView,
  incidentReportData,
} from '../../../../src/adapters/templates/incident-report-view.js';
import {
  INCIDENT_TEMPLATES,
  renderIncidentReport,
} from '../../../../src/adapters/templates/incident-templates.js';
import { TEMPLATES_DIR } from '../../../../src/adapters/templates/templates-dir.js';
import { separatorPipes, tableProblems, tables, unknownVariables } from './markdown-check.js';

const at = (iso: string) => new Date(iso);

function report(overrides: Partial<IncidentReportView> = {}): IncidentReportView {
  return {
    details: {
      id: 'INC-2025-0042',
      severity: 'SEV-1',
      startedAt: at('2025-03-04T09:12:00Z'),
      endedAt: at('2025-03-04T11:47:00Z'),
      services: ['checkout', 'payments'],
      customersAffected: '~1,200 (estimate)',
    },
    timeline: [
      { time: '09:12', text: 'Incident detected' },
      { time: '09:15', text: 'Incident commander assigned: @alice' },
      { time: '10:40', text: 'Root cause identified' },
      { time: '11:30', text: 'Fix implemented (rollback to 2.5.3)' },
      { time: '11:47', text: 'Incident resolved' },
    ],
    rootCause: 'Release 2.5.4 lowered the DB connection pool from 50 to 5.',
    impact: 'About 30% of card payments failed for 2.5 hours.',
    resolution: 'Rolled back to 2.5.3 and raised the pool limit.',
    wentWell: ['Alert fired within 2 minutes', 'Rollback finished in 40 seconds'],
    wentPoorly: ['Status page updated late'],
    actionItems: [
      {
        action: 'Add pool limits to the load test',
        owner: '@bob',
        due: at('2025-03-11T00:00:00Z'),
        status: 'Open',
      },
      { action: 'Alert on pool saturation', owner: '@carol', status: 'In progress' },
    ],
    signOff: {
      signers: [
        { role: 'Incident Commander', name: '@alice', date: at('2025-03-05T10:00:00Z') },
        { role: 'Engineering Lead' },
      ],
      reviewDate: at('2025-03-06T14:00:00Z'),
    },
    figures: {
      timeToAcknowledge: 4 * 60_000 + 20_000,
      timeToFirstUpdate: 18 * 60_000,
      updatesOnTime: 4,
      updatesLate: 1,
      breaches: [
        {
          clock: 'status update',
          severity: 'SEV-1',
          dueAt: at('2025-03-04T10:12:00Z'),
          breachedAt: at('2025-03-04T10:12:05Z'),
        },
      ],
    },
    ...overrides,
  };
}

describe('renderIncidentReport', () => {
  it("renders every section of the chapter's report in order, then the figures", () => {
    const markdown = renderIncidentReport(report());
    const headings = markdown.split('\n').filter((line) => line.startsWith('#'));

    expect(headings).toEqual([
      '# Incident Report: INC-2025-0042',
      '## Incident Details:',
      '## Timeline:',
      '## Root Cause:',
      '## Impact:',
      '## Resolution:',
      '## Lessons Learned:',
      '### What Went Well:',
      '### What Went Poorly:',
      '## Action Items:',
      '## Sign-Off:',
      '## Figures:',
      '### Clock Breaches:',
    ]);
    expect(markdown).not.toContain('Variables');
  });

  it('shows the details with times as YYYY-MM-DD HH:MM UTC and the duration in hours and minutes', () => {
    const markdown = renderIncidentReport(report());

    expect(markdown).toContain(
      [
        '- Incident ID: INC-2025-0042',
        '- Severity: SEV-1',
        '- Start Time: 2025-03-04 09:12 UTC',
        '- End Time: 2025-03-04 11:47 UTC',
        '- Duration: 2 hours 35 minutes',
        '- Services Affected: checkout, payments',
        '- Customers Affected: ~1,200 (estimate)',
      ].join('\n'),
    );
  });

  it('renders the timeline, action items and breaches as tables whose rows match their headers', () => {
    const found = tables(renderIncidentReport(report()));

    expect(found.map((table) => table[0])).toEqual([
      '| Time (UTC) | Event |',
      '| Action | Owner | Due Date | Status |',
      '| Clock | Severity | Due (UTC) | Breached (UTC) |',
    ]);
    expect(found.map((table) => table.length)).toEqual([7, 4, 3]);
    for (const table of found) expect(tableProblems(table)).toEqual([]);
    expect(found[1]).toContain('| Alert on pool saturation | @carol | not set | In progress |');
    expect(found[2]).toContain('| status update | SEV-1 | 2025-03-04 10:12 UTC | 2025-03-04 10:12 UTC |');
  });

  it('escapes a pipe and keeps a line break on one row inside a timeline entry', () => {
    const markdown = renderIncidentReport(
      report({ timeline: [{ time: '09:12', text: 'error rate | 12%\r\nlatency p99 > 900ms' }] }),
    );
    const [timeline = []] = tables(markdown);

    expect(timeline[2]).toBe('| 09:12 | error rate \\| 12%<br>latency p99 > 900ms |');
    expect(separatorPipes(timeline[2] ?? '')).toBe(3);
    expect(tableProblems(timeline)).toEqual([]);
  });

  it('keeps action item tables valid when cells hold pipes, backslashes and newlines', () => {
    const markdown = renderIncidentReport(
      report({ actionItems: [{ action: 'Grep a\\|b\nthen fix', owner: '@dan | @erin', status: 'Open\\' }] }),
    );
    const [, actions = []] = tables(markdown);

    expect(tableProblems(actions)).toEqual([]);
    expect(actions[2]).toBe('| Grep a\\\\\\|b<br>then fix | @dan \\| @erin | not set | Open\\\\ |');
  });

  it('says so in a line, with no empty table, when there is no timeline, action item or breach', () => {
    const markdown = renderIncidentReport(
      report({ timeline: [], actionItems: [], figures: { updatesOnTime: 0, updatesLate: 0, breaches: [] } }),
    );

    expect(tables(markdown)).toEqual([]);
    expect(markdown).toContain('## Timeline:\nNo timeline entries recorded.\n');
    expect(markdown).toContain('## Action Items:\nNo action items recorded.\n');
    expect(markdown).toContain('### Clock Breaches:\nNo clock breaches.\n');
  });

  it('shows "ongoing" for the end time and duration of an incident that has not ended', () => {
    const { endedAt: _ended, ...open } = report().details;
    const markdown = renderIncidentReport(report({ details: open }));

    expect(markdown).toContain('- End Time: ongoing\n- Duration: ongoing\n');
  });

  it('shows a given duration of an open incident as time so far', () => {
    const { endedAt: _ended, ...open } = report().details;
    const markdown = renderIncidentReport(report({ details: { ...open, duration: 50 * 60_000 } }));

    expect(markdown).toContain('- Duration: 50 minutes so far (ongoing)');
  });

  it('shows the figures: acknowledge and first-update times, updates on time and late', () => {
    const markdown = renderIncidentReport(report());

    expect(markdown).toContain(
      [
        '- Time to acknowledge: 4 minutes',
        '- Time to first update: 18 minutes',
        '- Status updates on time: 4 of 5',
        '- Status updates late: 1 of 5',
      ].join('\n'),
    );
  });

  it('says "not reached" for a figure whose event never happened', () => {
    const markdown = renderIncidentReport(
      report({ figures: { updatesOnTime: 0, updatesLate: 0, breaches: [] } }),
    );

    expect(markdown).toContain('- Time to acknowledge: not reached\n- Time to first update: not reached');
  });

  it('ticks a sign-off line only once it has both a name and a date, and leaves blanks to fill in', () => {
    const markdown = renderIncidentReport(report());

    expect(markdown).toContain(
      [
        '- [x] Incident Commander: @alice Date: 2025-03-05',
        '- [ ] Engineering Lead: ________________ Date: ________',
        '- [ ] Post-Incident Review Date: 2025-03-06',
      ].join('\n'),
    );
  });

  it("falls back to the chapter's sign-off lines when the report names none", () => {
    const { signOff: _signOff, ...unsigned } = report();

    expect(renderIncidentReport(unsigned)).toContain(
      '- [ ] Incident Commander: ________________ Date: ________\n' +
        '- [ ] Engineering Lead: ________________ Date: ________\n' +
        '- [ ] Post-Incident Review Date: ________',
    );
  });

  it('keeps each lesson in its own bullet, and says when a list is empty', () => {
    const markdown = renderIncidentReport(
      report({ wentWell: ['Paged fast\n\n## not a heading'], wentPoorly: [] }),
    );

    expect(markdown).toContain('### What Went Well:\n- Paged fast\n  ## not a heading\n\n');
    expect(markdown).toContain('### What Went Poorly:\n- Nothing recorded.\n');
  });

  it('writes text as it is, without Slack or HTML escaping, since the report is a Markdown file', () => {
    const markdown = renderIncidentReport(report({ rootCause: 'Pool size < 10 & retries > 3 on **2.5.4**' }));

    expect(markdown).toContain('## Root Cause:\nPool size < 10 & retries > 3 on **2.5.4**\n');
    expect(markdown).not.toContain('&amp;');
  });

  it('marks an empty free-text section as not recorded', () => {
    expect(renderIncidentReport(report({ impact: '  \n ' }))).toContain('## Impact:\nNot recorded.\n');
  });

  it('uses only variables the view-model builder provides', () => {
    const template = readFileSync(join(TEMPLATES_DIR, INCIDENT_TEMPLATES.report), 'utf8');

    expect(unknownVariables(template, incidentReportData(report()))).toEqual([]);
    expect(
      unknownVariables('{{id}} {{#timeline}}{{tme}}{{/timeline}}', incidentReportData(report())),
    ).toEqual(['tme']);
  });
});
