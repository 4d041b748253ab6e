import { describe, expect, it } from 'vitest';
import type { RollbackTrigger } from '../../../../src/core/config/environment-policy-schema.js';
import { parseThreshold, type Threshold } from '../../../../src/core/config/threshold.js';
import { evaluateSample, type WatchRules } from '../../../../src/core/watch/evaluate-sample.js';
import { NEW_WATCH, type Reading, type WatchProgress } from '../../../../src/core/watch/watch-sample.js';
import type { WatchedMetric } from '../../../../src/core/watch/watched-metric.js';

const metric = (name: string, role: WatchedMetric['role'], higherIsBetter = false): WatchedMetric => ({
  name,
  query: `q_${name}`,
  role,
  higherIsBetter,
  required: true,
});
const threshold = (text: string) => parseThreshold(text) as Threshold;
const v = (value: number): Reading => ({ ok: true, value });
const none: Reading = { ok: false, reason: 'no series matched' };

const TRIGGERS: RollbackTrigger[] = [
  { kind: 'health_check_failures', consecutive: 3 },
  { kind: 'error_rate_increase', percent: 10, relative: true },
  { kind: 'latency_increase', percent: 50, relative: true },
  { kind: 'business_metric_degradation', percent: 5, relative: true },
];
const rules = (over: Partial<WatchRules> = {}): WatchRules => ({
  triggers: TRIGGERS,
  alerts: [],
  metrics: [
    metric('error_rate', 'error_rate'),
    metric('latency_p95', 'latency'),
    metric('latency_p99', 'latency'),
    metric('orders_per_minute', 'business', true),
  ],
  minSamples: 3,
  noData: 'pause',
  intervalMs: 10_000,
  baseline: { error_rate: 0.01, latency_p95: 0.1, latency_p99: 0.2, orders_per_minute: 100 },
  ...over,
});
const healthy = { error_rate: v(0.01), latency_p95: v(0.1), latency_p99: v(0.2), orders_per_minute: v(100) };

/** Runs samples in order and returns every verdict. */
function run(
  r: WatchRules,
  samples: Parameters<typeof evaluateSample>[2][],
  start: WatchProgress = NEW_WATCH,
) {
  let progress = start;
  return samples.map((s) => {
    const verdict = evaluateSample(r, progress, s);
    progress = verdict.progress;
    return verdict;
  });
}

describe('evaluateSample', () => {
  it('keeps a healthy release going and moves the watch clock one interval per sample', () => {
    const verdicts = run(rules(), [{ metrics: healthy }, { metrics: healthy }, { metrics: healthy }]);
    expect(verdicts.map((x) => x.fired)).toEqual([undefined, undefined, undefined]);
    expect(verdicts.at(-1)?.progress).toMatchObject({ samples: 3, watchedMs: 30_000, pausedMs: 0 });
  });

  it('fires error_rate_increase relative to the baseline, with value, baseline, limit and streak', () => {
    const bad = { ...healthy, error_rate: v(0.02) };
    const verdicts = run(rules(), [{ metrics: healthy }, { metrics: bad }, { metrics: bad }]);
    expect(verdicts[1]?.fired).toBeUndefined();
    expect(verdicts[2]?.fired).toMatchObject({
      trigger: 'error_rate_increase',
      metric: 'error_rate',
      value: 0.02,
      baseline: 0.01,
      streak: 2,
    });
    expect(verdicts[2]?.fired?.limit).toBeCloseTo(0.011);
  });

  it('does not fire within 10 % of the baseline', () => {
    const slight = { ...healthy, error_rate: v(0.0109) };
    const verdicts = run(rules(), [{ metrics: slight }, { metrics: slight }, { metrics: slight }]);
    expect(verdicts.every((x) => x.fired === undefined)).toBe(true);
  });

  it('never fires a metric trigger before min_samples samples', () => {
    const bad = { ...healthy, error_rate: v(0.5) };
    const verdicts = run(rules({ minSamples: 3 }), [{ metrics: bad }, { metrics: bad }, { metrics: bad }]);
    expect(verdicts.map((x) => x.fired?.trigger)).toEqual([undefined, undefined, 'error_rate_increase']);
  });

  it('compares a zero error-rate baseline against the percentage as an absolute ratio', () => {
    const r = rules({ baseline: { ...rules().baseline, error_rate: 0 }, minSamples: 1 });
    expect(run(r, [{ metrics: { ...healthy, error_rate: v(0.05) } }])[0]?.fired).toBeUndefined();
    expect(run(r, [{ metrics: { ...healthy, error_rate: v(0.11) } }])[0]?.fired?.limit).toBeCloseTo(0.1);
  });

  it('with relative: false compares in percentage points over the baseline', () => {
    const r = rules({
      triggers: [{ kind: 'error_rate_increase', percent: 2, relative: false }],
      minSamples: 1,
    });
    expect(run(r, [{ metrics: { ...healthy, error_rate: v(0.025) } }])[0]?.fired).toBeUndefined();
    const fired = run(r, [{ metrics: { ...healthy, error_rate: v(0.031) } }])[0]?.fired;
    expect(fired?.limit).toBeCloseTo(0.03);
    expect(fired?.rule).toContain('percentage points');
  });

  it('fires latency_increase on either latency metric', () => {
    const slowP95 = { ...healthy, latency_p95: v(0.16) };
    const fired = run(rules({ minSamples: 1 }), [{ metrics: slowP95 }])[0]?.fired;
    expect(fired).toMatchObject({ trigger: 'latency_increase', metric: 'latency_p95', baseline: 0.1 });
  });

  it('fires business_metric_degradation in the metric’s bad direction only', () => {
    const r = rules({ minSamples: 1 });
    expect(run(r, [{ metrics: { ...healthy, orders_per_minute: v(120) } }])[0]?.fired).toBeUndefined();
    expect(run(r, [{ metrics: { ...healthy, orders_per_minute: v(94) } }])[0]?.fired?.metric).toBe(
      'orders_per_minute',
    );
    const lowerBetter = rules({
      minSamples: 1,
      metrics: [metric('refunds', 'business', false)],
      baseline: { refunds: 10 },
    });
    expect(run(lowerBetter, [{ metrics: { refunds: v(9) } }])[0]?.fired).toBeUndefined();
    expect(run(lowerBetter, [{ metrics: { refunds: v(11) } }])[0]?.fired?.metric).toBe('refunds');
  });

  it('counts health-check failures only when consecutive', () => {
    const fail = { metrics: healthy, health: { ok: false, detail: '503 in 4 ms' } };
    const pass = { metrics: healthy, health: { ok: true, detail: '200 in 3 ms' } };
    const scattered = run(rules(), [fail, fail, pass, fail, fail, pass, fail]);
    expect(scattered.every((x) => x.fired === undefined)).toBe(true);
    const consecutive = run(rules(), [pass, fail, fail, fail]);
    expect(consecutive.map((x) => x.fired?.trigger)).toEqual([
      undefined,
      undefined,
      undefined,
      'health_check_failures',
    ]);
    expect(consecutive[3]?.fired?.detail).toContain(
      '3 consecutive failed health checks; the last: 503 in 4 ms',
    );
  });

  it('under no_data: pause stops the watch clock and never fires on missing data', () => {
    const quiet = { ...healthy, error_rate: none };
    const verdicts = run(rules({ minSamples: 1 }), [
      { metrics: quiet },
      { metrics: quiet },
      { metrics: healthy },
    ]);
    expect(verdicts.map((x) => x.fired)).toEqual([undefined, undefined, undefined]);
    expect(verdicts.map((x) => x.counted)).toEqual([false, false, true]);
    expect(verdicts.map((x) => x.noDataChanged)).toEqual([true, false, true]);
    expect(verdicts[2]?.progress).toMatchObject({ samples: 3, watchedMs: 10_000, pausedMs: 20_000 });
    expect(verdicts[0]?.noData).toEqual(['error_rate']);
  });

  it('under no_data: fail counts missing data as a failing sample', () => {
    const quiet = { ...healthy, error_rate: none };
    const verdicts = run(rules({ minSamples: 2, noData: 'fail' }), [{ metrics: quiet }, { metrics: quiet }]);
    expect(verdicts[0]?.fired).toBeUndefined();
    expect(verdicts[1]?.fired).toMatchObject({ trigger: 'error_rate_increase', streak: 2 });
    expect(verdicts[1]?.fired?.detail).toContain('no data for error_rate (no series matched)');
    expect(verdicts[1]?.progress.watchedMs).toBe(20_000);
  });

  it('compares a canary with the stable track beside it when stable has data', () => {
    const r = rules({ minSamples: 1 });
    const sample = {
      metrics: { ...healthy, error_rate: v(0.03) },
      stable: { ...healthy, error_rate: v(0.029) },
    };
    expect(run(r, [sample])[0]?.fired).toBeUndefined();
    const stableQuiet = { ...sample, stable: { ...healthy, error_rate: none } };
    expect(run(r, [stableQuiet])[0]?.fired?.baseline).toBe(0.01);
  });

  it('raises each alert once per watch, in the threshold’s unit', () => {
    const r = rules({
      alerts: [
        { threshold: threshold('error_rate > 1%'), action: 'alert_oncall' },
        { threshold: threshold('latency_p99 > 500ms'), action: 'alert_oncall' },
      ],
      triggers: [],
    });
    const hot = { ...healthy, error_rate: v(0.015), latency_p99: v(0.45) };
    const verdicts = run(r, [
      { metrics: hot },
      { metrics: hot },
      { metrics: { ...hot, latency_p99: v(0.6) } },
    ]);
    expect(verdicts.map((x) => x.alerts.map((a) => a.threshold.text))).toEqual([
      ['error_rate > 1%'],
      [],
      ['latency_p99 > 500ms'],
    ]);
  });

  it('does not fire a trigger a human chose to keep the release through', () => {
    const bad = { ...healthy, error_rate: v(0.5) };
    const kept = { ...NEW_WATCH, samples: 5, kept: ['error_rate_increase'] };
    expect(run(rules(), [{ metrics: bad }], kept)[0]?.fired).toBeUndefined();
  });
});
