import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../../../src/core/config/duration.js';
import { planDeploy, rollbackPlan, strategyAllowed } from '../../../../src/core/deploys/strategy-plan.js';
import { policy, STAGING } from './policy-fixture.js';

describe('planDeploy', () => {
  it('deploys blue-green to the idle colour, smoke-tests it, then switches traffic', () => {
    expect(planDeploy('blue-green', { liveColor: 'blue' })).toEqual([
      { id: 'deploy-green', kind: 'deploy', label: 'Deploy to green (idle)', color: 'green' },
      { id: 'smoke-green', kind: 'smoke_test', label: 'Smoke test green', color: 'green' },
      { id: 'switch-green', kind: 'switch_traffic', label: 'Switch traffic to green', color: 'green' },
    ]);
  });

  it('deploys to blue when green is live', () => {
    const steps = planDeploy('blue-green', { liveColor: 'green' });
    expect(steps.filter((s) => s.color !== undefined).map((s) => s.color)).toEqual(['blue', 'blue', 'blue']);
  });

  it('assumes blue is live before the first blue-green deploy', () => {
    expect(planDeploy('blue-green', { liveColor: undefined })[0]?.color).toBe('green');
  });

  it('rolls a canary out 5% → 25% → 50% → 100% with a health check between steps', () => {
    const steps = planDeploy('canary', { liveColor: undefined });
    expect(steps.map((s) => [s.kind, s.percent])).toEqual([
      ['deploy', 5],
      ['health_check', 5],
      ['set_traffic', 25],
      ['health_check', 25],
      ['set_traffic', 50],
      ['health_check', 50],
      ['set_traffic', 100],
    ]);
    expect(steps[2]?.label).toBe('Route 25% of traffic to the canary');
  });

  it('gives every step a distinct id', () => {
    for (const strategy of ['blue-green', 'canary', 'rolling', 'recreate'] as const) {
      const ids = planDeploy(strategy, { liveColor: 'blue' }).map((s) => s.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('runs rolling and recreate as deploy → health check, recreate warning of downtime', () => {
    expect(planDeploy('rolling', { liveColor: undefined }).map((s) => s.kind)).toEqual([
      'deploy',
      'health_check',
    ]);
    const recreate = planDeploy('recreate', { liveColor: undefined });
    expect(recreate.map((s) => s.kind)).toEqual(['deploy', 'health_check']);
    expect(recreate[0]?.label).toContain('down');
  });
});

describe('rollbackPlan', () => {
  it('switches blue-green traffic back to the live colour within a minute', () => {
    expect(rollbackPlan('blue-green', { liveColor: 'blue', previousVersion: '2.5.3' })).toEqual([
      'Switch traffic back to blue (target < 1 min)',
      'Verify blue is healthy on 2.5.3',
      'Keep green for investigation, fix, redeploy',
    ]);
  });

  it('routes a canary back to stable within five minutes', () => {
    expect(rollbackPlan('canary', { liveColor: undefined, previousVersion: '2.5.3' })).toEqual([
      'Route 100% back to stable and stop the canary (target < 5 min)',
      'Terminate the canary instances; stable stays on 2.5.3',
    ]);
  });

  it('uses the environment rollback timeout as the rolling target', () => {
    const rollbackTimeout = parseDuration('15m');
    expect(
      rollbackPlan('rolling', {
        liveColor: undefined,
        previousVersion: '2.5.3',
        ...(rollbackTimeout ? { rollbackTimeout } : {}),
      }),
    ).toEqual(['Roll back to 2.5.3 instance by instance (target < 15 min)']);
  });

  it('warns that a recreate rollback takes the service down again', () => {
    expect(rollbackPlan('recreate', { liveColor: undefined, previousVersion: '1.0.0' })).toEqual([
      'Recreate with 1.0.0 (target < 5 min; the service is down meanwhile)',
    ]);
  });

  it('says there is nothing to return to on a first deploy', () => {
    const [line] = rollbackPlan('blue-green', { liveColor: undefined, previousVersion: undefined });
    expect(line).toMatch(/^First deploy of this service: there is no previous version/);
  });
});

describe('strategyAllowed', () => {
  it('refuses recreate in production', () => {
    expect(strategyAllowed('recreate', policy())).toEqual({
      ok: false,
      reason:
        'recreate takes production down during the deploy; use blue-green or canary, or set allow_recreate: true in the production policy',
    });
  });

  it('allows recreate in production when the policy says allow_recreate: true', () => {
    expect(strategyAllowed('recreate', policy({ allow_recreate: true }))).toEqual({ ok: true });
  });

  it('allows recreate where no approval is required', () => {
    expect(strategyAllowed('recreate', STAGING)).toEqual({ ok: true });
  });

  it.each(['blue-green', 'canary', 'rolling'] as const)('allows %s in production', (strategy) => {
    expect(strategyAllowed(strategy, policy())).toEqual({ ok: true });
  });
});
