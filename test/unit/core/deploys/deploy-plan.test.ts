import { describe, expect, it } from 'vitest';
import { type DeployPlanInput, describeDeployPlan } from '../../../../src/core/deploys/deploy-plan.js';
import { berlinCalendar } from './change-window-fixture.js';
import { policy, STAGING } from './policy-fixture.js';

const OPEN = new Date('2026-11-10T10:00:00Z');
const BLACK_FRIDAY = new Date('2026-11-27T10:00:00Z');

function input(overrides: Partial<DeployPlanInput> = {}): DeployPlanInput {
  return {
    service: 'checkout',
    env: 'production',
    version: '2.5.4',
    currentVersion: '2.5.3',
    strategy: undefined,
    policy: policy(),
    bumpApprovers: { major: 'engineering-lead', minor: 'team-lead', patch: 'on-call-engineer' },
    emergency: undefined,
    at: OPEN,
    calendar: berlinCalendar(),
    liveColor: 'blue',
    ...overrides,
  };
}

describe('describeDeployPlan', () => {
  it('describes a production patch in an open window with nothing in the way', () => {
    const plan = describeDeployPlan(input());
    expect(plan).toMatchObject({
      strategy: 'blue-green',
      bump: { ok: true, bump: 'patch', current: '2.5.3' },
      approval: {
        required: true,
        roles: ['team-lead', 'on-call-engineer'],
        timeout: '30m',
        escalation: 'engineering-lead',
      },
      window: { open: true },
      emergency: undefined,
      blockers: [],
    });
    expect(plan.validations.pre.map((v) => v.name)).toEqual([
      'smoke_tests',
      'integration_tests',
      'security_scan',
      'performance_baseline',
    ]);
    expect(plan.steps.map((s) => s.id)).toEqual(['deploy-green', 'smoke-green', 'switch-green']);
    expect(plan.rollback[0]).toBe('Switch traffic back to blue (target < 1 min)');
  });

  it('adds the engineering lead for a major version', () => {
    const plan = describeDeployPlan(input({ version: '3.0.0' }));
    expect(plan.approval.roles).toEqual(['team-lead', 'on-call-engineer', 'engineering-lead']);
  });

  it('refuses a production deploy during a blackout and gives the next opening', () => {
    const plan = describeDeployPlan(input({ at: BLACK_FRIDAY }));
    expect(plan.window).toMatchObject({ open: false, nextOpening: new Date('2026-12-01T09:00:00Z') });
    expect(plan.blockers).toEqual([
      'The production change window is closed: Friday is not an allowed day (tuesday, wednesday, thursday); 2026-11-27 is one of the last 2 business days of the month; Black Friday (2026-11-27 – 2026-11-30). Wait for the next opening or use --emergency "<reason>".',
    ]);
  });

  it('lets an emergency through a closed window with the engineering lead and a review flag', () => {
    const plan = describeDeployPlan(input({ at: BLACK_FRIDAY, emergency: 'payments are failing' }));
    expect(plan.blockers).toEqual([]);
    expect(plan.window.open).toBe(false);
    expect(plan.emergency).toEqual({ reason: 'payments are failing', flaggedForReview: true });
    expect(plan.approval.roles).toContain('engineering-lead');
  });

  it('refuses a version that is not newer and recreate in production, listing both', () => {
    const plan = describeDeployPlan(input({ version: '2.5.3', strategy: 'recreate' }));
    expect(plan.bump.ok).toBe(false);
    expect(plan.blockers).toHaveLength(2);
    expect(plan.blockers[0]).toContain('/rollback checkout');
    expect(plan.blockers[1]).toMatch(/^recreate takes production down/);
    expect(plan.steps[0]?.label).toContain('down');
  });

  it('uses the strategy asked for over the environment default', () => {
    const plan = describeDeployPlan(input({ strategy: 'canary' }));
    expect(plan.strategy).toBe('canary');
    expect(plan.steps[0]).toMatchObject({ kind: 'deploy', percent: 5 });
  });

  it('needs no approval for staging and no window check without a change window', () => {
    const plan = describeDeployPlan(input({ env: 'staging', policy: STAGING, at: BLACK_FRIDAY }));
    expect(plan.approval).toMatchObject({ required: false, roles: [] });
    expect(plan.window).toEqual({ open: true });
    expect(plan.strategy).toBe('rolling');
    expect(plan.rollback).toEqual(['Roll back to 2.5.3 instance by instance (target < 15 min)']);
  });

  it('treats the first deploy of a service as major with nothing to roll back to', () => {
    const plan = describeDeployPlan(
      input({ currentVersion: undefined, version: '1.0.0', liveColor: undefined }),
    );
    expect(plan.bump).toEqual({ ok: true, bump: 'major', current: undefined });
    expect(plan.rollback[0]).toMatch(/^First deploy/);
  });
});
