import { describe, expect, it } from 'vitest';
import {
  judgePostDeployment,
  type PostDeploymentInputs,
} from '../../../../src/core/watch/post-deployment-verdict.js';

const all = ['health_checks', 'smoke_tests', 'monitoring_verification', 'business_metrics'].map((name) => ({
  name,
  level: 'required' as const,
}));
const healthy: PostDeploymentInputs = {
  smoke: { ok: true, summary: 'exit 0 in 0.2 s' },
  health: { ok: true, detail: '200 in 3 ms' },
  metrics: { error_rate: { ok: true, value: 0.01 }, orders_per_minute: { ok: true, value: 120 } },
  required: ['error_rate'],
  business: ['orders_per_minute'],
  metricsSource: true,
};

describe('judgePostDeployment: the policy’s post-deployment checks at the first sample after traffic moved', () => {
  it('passes every bound check and fires nothing', () => {
    const { results, firing } = judgePostDeployment(all, healthy);
    expect(results.map((r) => [r.name, r.ok])).toEqual(all.map((c) => [c.name, true]));
    expect(firing).toBeUndefined();
  });

  it('fires on a smoke test that fails after traffic moved, naming it', () => {
    const { firing } = judgePostDeployment(all, {
      ...healthy,
      smoke: { ok: false, summary: 'exit 3 in 0.1 s' },
    });
    expect(firing).toMatchObject({
      trigger: 'post_deployment',
      rule: 'post_deployment: smoke_tests (required)',
    });
    expect(firing?.detail).toContain('exit 3');
  });

  it('fires monitoring_verification when a required query has no data', () => {
    const { firing, results } = judgePostDeployment(all, {
      ...healthy,
      metrics: { ...healthy.metrics, error_rate: { ok: false, reason: 'empty result' } },
    });
    expect(results.find((r) => r.name === 'monitoring_verification')?.summary).toBe('no data for error_rate');
    expect(firing?.rule).toBe('post_deployment: monitoring_verification (required)');
  });

  it('leaves one failing health check to health_check_failures (consecutive), and fails only an unbound one', () => {
    const failing = judgePostDeployment(all, { ...healthy, health: { ok: false, detail: '503 in 2 ms' } });
    expect(failing.firing).toBeUndefined();
    const { health: _health, ...unbound } = healthy;
    expect(judgePostDeployment(all, unbound).firing?.rule).toBe('post_deployment: health_checks (required)');
  });

  it('shows metric checks as skipped, not passed, without a metrics source, and ignores a failing optional check', () => {
    const { results, firing } = judgePostDeployment(all, { ...healthy, metrics: {}, metricsSource: false });
    expect(results.find((r) => r.name === 'monitoring_verification')).toMatchObject({ skipped: true });
    expect(firing).toBeUndefined();
    const optional = judgePostDeployment([{ name: 'smoke_tests', level: 'optional' }], {
      ...healthy,
      smoke: { ok: false, summary: 'exit 1' },
    });
    expect(optional.results[0]).toMatchObject({ ok: false, required: false });
    expect(optional.firing).toBeUndefined();
  });
});
