import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../../../src/core/config/duration.js';
import { shipgateConfigSchema } from '../../../../src/core/config/shipgate-config-schema.js';
import {
  type IncidentClock,
  planIncidentClocks,
  replanClocks,
} from '../../../../src/core/incidents/incident-clocks.js';
import {
  escalationTargets,
  type IncidentClockState,
  incidentClockPolicy,
} from '../../../../src/core/incidents/incident-deadlines.js';
import { at, POLICY } from './incident-fixture.js';

/** `kind@HH:MM` (or the full ISO time when not on 2026-11-24) for each clock, earliest first. */
function show(clocks: readonly IncidentClock[]): string[] {
  return clocks.map((c) => {
    const iso = c.dueAt.toISOString();
    return `${c.kind}@${iso.startsWith('2026-11-24') ? iso.slice(11, 16) : iso.slice(0, 16)}`;
  });
}

const sev1: IncidentClockState = { severity: 'SEV-1', declaredAt: at('10:00') };

describe('severity clocks before acknowledgement', () => {
  it('arms the response deadline and a reminder at two thirds of the window', () => {
    const clocks = planIncidentClocks(POLICY, sev1, at('10:00'));
    expect(show(clocks)).toEqual(['response_reminder@10:10', 'response@10:15']);
    expect(clocks[1]).toMatchObject({
      severity: 'SEV-1',
      notify: 'channel',
      escalateTo: ['engineering-lead', 'cto'],
    });
    expect(clocks[0]?.escalateTo).toEqual([]);
    expect(clocks[0]?.deadline).toEqual(at('10:15'));
  });

  it('rounds due times up to the whole minute so a breach is never early', () => {
    const clocks = planIncidentClocks(POLICY, { ...sev1, declaredAt: at('10:00:30') }, at('10:00:30'));
    expect(show(clocks)).toEqual(['response_reminder@10:11', 'response@10:16']);
  });

  it.each([
    ['SEV-2', 'response@10:30', ['engineering-lead']],
    ['SEV-3', 'response@12:00', ['team-lead']],
    ['SEV-4', 'response@2026-11-25T10:00', []],
  ] as const)('gives %s its own response window and escalation', (severity, response, roles) => {
    const clocks = planIncidentClocks(POLICY, { severity, declaredAt: at('10:00') }, at('10:00'));
    expect(show(clocks)[1]).toBe(response);
    expect(clocks[1]?.escalateTo).toEqual(roles);
    expect(escalationTargets(POLICY, severity)).toEqual(roles);
  });

  it('drops a reminder that is already past but keeps an overdue deadline so it fires at once', () => {
    expect(show(planIncidentClocks(POLICY, sev1, at('10:11')))).toEqual(['response@10:15']);
    expect(show(planIncidentClocks(POLICY, sev1, at('10:20')))).toEqual(['response@10:15']);
  });

  it('measures the response window from the declaration when the severity is raised', () => {
    const raised = { severity: 'SEV-1', declaredAt: at('10:00'), severityChangedAt: at('10:20') } as const;
    const clocks = planIncidentClocks(POLICY, raised, at('10:20'));
    expect(show(clocks)).toEqual(['response@10:15']);
    expect(clocks[0]?.escalateTo).toEqual(['engineering-lead', 'cto']);
  });

  it('does not re-arm a response deadline whose breach is already recorded', () => {
    const breaches = [
      { clock: 'response', dueAt: at('10:15'), escalatedTo: ['engineering-lead', 'cto'] },
    ] as const;
    expect(planIncidentClocks(POLICY, { ...sev1, breaches }, at('10:16'))).toEqual([]);
  });

  it('does not escalate again after a downgrade to roles already told, but does after an upgrade', () => {
    const toldLeadAndCto = [
      { clock: 'response', dueAt: at('10:15'), escalatedTo: ['engineering-lead', 'cto'] },
    ] as const;
    const down = { severity: 'SEV-2', declaredAt: at('10:00'), breaches: toldLeadAndCto } as const;
    expect(planIncidentClocks(POLICY, down, at('10:20'))).toEqual([]);
    const toldTeamLead = [{ clock: 'response', dueAt: at('12:00'), escalatedTo: ['team-lead'] }] as const;
    const up = { severity: 'SEV-1', declaredAt: at('10:00'), breaches: toldTeamLead } as const;
    expect(show(planIncidentClocks(POLICY, up, at('12:05')))).toEqual(['response@10:15']);
  });

  it('arms no update clocks before acknowledgement', () => {
    const withUpdate = { ...sev1, lastUpdateAt: at('10:05') };
    expect(planIncidentClocks(POLICY, withUpdate, at('10:05')).map((c) => c.kind)).toEqual([
      'response_reminder',
      'response',
    ]);
  });
});

describe('update cadence', () => {
  const acked = { ...sev1, acknowledgedAt: at('10:12') };

  it('starts at acknowledgement and reminds five minutes before the update is due', () => {
    const clocks = planIncidentClocks(POLICY, acked, at('10:12'));
    expect(show(clocks)).toEqual(['update_reminder@10:27', 'update_due@10:32']);
    expect(clocks[1]).toMatchObject({ notify: 'commander', escalateTo: ['engineering-lead', 'cto'] });
  });

  it('counts the next update from the last one', () => {
    const clocks = planIncidentClocks(POLICY, { ...acked, lastUpdateAt: at('10:30') }, at('10:30'));
    expect(show(clocks)).toEqual(['update_reminder@10:45', 'update_due@10:50']);
  });

  it('restarts the cadence at the new rate when the severity changes', () => {
    const changed = {
      ...acked,
      severity: 'SEV-2',
      lastUpdateAt: at('10:30'),
      severityChangedAt: at('10:40'),
    } as const;
    const clocks = planIncidentClocks(POLICY, changed, at('10:40'));
    expect(show(clocks)).toEqual(['update_reminder@11:05', 'update_due@11:10']);
    expect(clocks[1]?.escalateTo).toEqual(['engineering-lead']);
  });

  it('reminds a quarter of the cadence ahead when that is shorter than five minutes', () => {
    const every12 = parseDuration('12m');
    if (!every12) throw new Error('duration');
    const fast = {
      ...POLICY,
      severities: { ...POLICY.severities, 'SEV-1': { ...POLICY.severities['SEV-1'], update_every: every12 } },
    };
    expect(show(planIncidentClocks(fast, acked, at('10:12')))).toEqual([
      'update_reminder@10:21',
      'update_due@10:24',
    ]);
  });

  it('has no update clocks for SEV-4, which has no cadence', () => {
    expect(planIncidentClocks(POLICY, { ...acked, severity: 'SEV-4' }, at('10:12'))).toEqual([]);
  });

  it('does not re-arm an update deadline that already breached', () => {
    const breaches = [
      { clock: 'update_due', dueAt: at('10:32'), escalatedTo: ['engineering-lead', 'cto'] },
    ] as const;
    expect(planIncidentClocks(POLICY, { ...acked, breaches }, at('10:33'))).toEqual([]);
  });
});

describe('after resolution', () => {
  const resolved = {
    ...sev1,
    acknowledgedAt: at('10:12'),
    lastUpdateAt: at('11:15'),
    resolvedAt: at('11:40'),
  };

  it('stops the severity clocks and arms the review due in 48 hours with a reminder after 12', () => {
    const clocks = planIncidentClocks(POLICY, resolved, at('11:40'));
    expect(show(clocks)).toEqual(['review_reminder@23:40', 'review_due@2026-11-26T11:40']);
    expect(clocks[1]).toMatchObject({ notify: 'commander', escalateTo: ['engineering-lead', 'cto'] });
    expect(clocks[0]?.deadline).toEqual(at('2026-11-26T11:40:00Z'));
  });

  it('arms only the next review reminder, skipping the one that falls on the due time', () => {
    expect(show(planIncidentClocks(POLICY, resolved, at('2026-11-25T00:00:00Z')))[0]).toBe(
      'review_reminder@2026-11-25T11:40',
    );
    expect(show(planIncidentClocks(POLICY, resolved, at('2026-11-25T23:40:00Z')))).toEqual([
      'review_due@2026-11-26T11:40',
      'review_reminder@2026-11-26T23:40',
    ]);
  });

  it('keeps reminding after the review is overdue, without a second breach', () => {
    const breaches = [{ clock: 'review_due', dueAt: at('2026-11-26T11:40:00Z'), escalatedTo: [] }] as const;
    const clocks = planIncidentClocks(POLICY, { ...resolved, breaches }, at('2026-11-27T00:00:00Z'));
    expect(show(clocks)).toEqual(['review_reminder@2026-11-27T11:40']);
  });

  it('arms nothing once the review is done', () => {
    expect(
      planIncidentClocks(
        POLICY,
        { ...resolved, reviewedAt: at('2026-11-25T09:00:00Z') },
        at('2026-11-25T09:00:00Z'),
      ),
    ).toEqual([]);
  });
});

describe('action item reminders', () => {
  const item = { id: 'A1', due: '2026-12-01', status: 'open' } as const;

  it('reminds the owner at 09:00 team time the day before and on the due date', () => {
    const clocks = planIncidentClocks(
      POLICY,
      {
        ...sev1,
        acknowledgedAt: at('10:12'),
        resolvedAt: at('11:00'),
        reviewedAt: at('12:00'),
        actionItems: [item],
      },
      at('12:00'),
    );
    expect(show(clocks)).toEqual(['action_reminder@2026-11-30T08:00', 'action_reminder@2026-12-01T08:00']);
    expect(clocks[0]).toMatchObject({ notify: 'owner', actionItemId: 'A1', escalateTo: [] });
    expect(clocks[0]?.deadline.toISOString()).toBe('2026-12-01T23:00:00.000Z');
  });

  it('follows daylight saving time in the team zone', () => {
    const spring = { ...item, due: '2026-03-30' } as const;
    const clocks = planIncidentClocks(
      POLICY,
      { ...sev1, resolvedAt: at('11:00'), reviewedAt: at('12:00'), actionItems: [spring] },
      at('2026-03-01T00:00:00Z'),
    );
    expect(show(clocks)).toEqual(['action_reminder@2026-03-29T07:00', 'action_reminder@2026-03-30T07:00']);
  });

  it('skips done items, items without a due date and reminders already past', () => {
    const items = [
      { id: 'A1', due: '2026-12-01', status: 'done' },
      { id: 'A2', due: undefined, status: 'open' },
      { id: 'A3', due: '2026-12-01', status: 'open' },
    ] as const;
    const clocks = planIncidentClocks(
      POLICY,
      { ...sev1, resolvedAt: at('11:00'), reviewedAt: at('12:00'), actionItems: items },
      at('2026-11-30T12:00:00Z'),
    );
    expect(show(clocks)).toEqual(['action_reminder@2026-12-01T08:00']);
    expect(clocks[0]?.actionItemId).toBe('A3');
  });
});

describe('replanClocks', () => {
  it('re-plans every severity clock at once on a severity change', () => {
    const state = { ...sev1, acknowledgedAt: at('10:12'), lastUpdateAt: at('10:30') };
    const before = planIncidentClocks(POLICY, state, at('10:40'));
    const after = planIncidentClocks(
      POLICY,
      { ...state, severity: 'SEV-2', severityChangedAt: at('10:40') },
      at('10:40'),
    );
    const plan = replanClocks(before, after);
    expect(show(plan.cancel)).toEqual(['update_reminder@10:45', 'update_due@10:50']);
    expect(show(plan.arm)).toEqual(['update_reminder@11:05', 'update_due@11:10']);
    expect(plan.keep).toEqual([]);
  });

  it('keeps unchanged clocks and arms only what is new', () => {
    const before = planIncidentClocks(POLICY, sev1, at('10:01'));
    const withItem = { ...sev1, actionItems: [{ id: 'A1', due: '2026-12-01', status: 'open' }] } as const;
    const plan = replanClocks(before, planIncidentClocks(POLICY, withItem, at('10:01')));
    expect(plan.cancel).toEqual([]);
    expect(show(plan.keep)).toEqual(['response_reminder@10:10', 'response@10:15']);
    expect(plan.arm.map((c) => c.kind)).toEqual(['action_reminder', 'action_reminder']);
  });

  it('cancels the response clocks when the incident is acknowledged', () => {
    const before = planIncidentClocks(POLICY, sev1, at('10:05'));
    const plan = replanClocks(
      before,
      planIncidentClocks(POLICY, { ...sev1, acknowledgedAt: at('10:05') }, at('10:05')),
    );
    expect(show(plan.cancel)).toEqual(['response_reminder@10:10', 'response@10:15']);
    expect(show(plan.arm)).toEqual(['update_reminder@10:20', 'update_due@10:25']);
  });
});

describe('incidentClockPolicy', () => {
  it('reads the severity table, review window and time zone from a parsed config', () => {
    const config = shipgateConfigSchema.parse({
      timezone: 'Europe/Berlin',
      roles: {},
      bump_approvers: { major: 'engineering-lead', minor: 'team-lead', patch: 'on-call-engineer' },
      services: {},
      incidents: {
        channel: '#incidents',
        status_channel: '#status',
        severities: {
          'SEV-1': {
            respond_within: '15m',
            update_every: '20m',
            escalate_to: ['engineering-lead', 'cto'],
            page: true,
          },
          'SEV-2': {
            respond_within: '30m',
            update_every: '30m',
            escalate_to: ['engineering-lead'],
            page: true,
          },
          'SEV-3': { respond_within: '2h', update_every: '2h', escalate_to: ['team-lead'], page: false },
          'SEV-4': { respond_within: '24h', escalate_to: [], page: false },
        },
        review_within: '48h',
      },
    });
    const policy = incidentClockPolicy(config);
    expect(policy.timeZone).toBe('Europe/Berlin');
    expect(policy.reviewWithin.ms).toBe(48 * 3_600_000);
    expect(show(planIncidentClocks(policy, sev1, at('10:00')))).toEqual([
      'response_reminder@10:10',
      'response@10:15',
    ]);
    expect(planIncidentClocks(policy, sev1, at('10:00'))[1]?.escalateTo).toEqual(['engineering-lead', 'cto']);
  });
});
