import type { RollbackTrigger } from '../config/environment-policy-schema.js';
import { type Threshold, thresholdBreached } from '../config/threshold.js';
import type {
  AlertFiring,
  MetricFinding,
  Reading,
  SampleVerdict,
  TriggerFiring,
  WatchProgress,
  WatchSample,
} from './watch-sample.js';
import type { WatchedMetric } from './watched-metric.js';

/** The rules a watch judges by: the policy's triggers and alerts, the sampled metrics, and the watch settings. */
export interface WatchRules {
  readonly triggers: readonly RollbackTrigger[];
  readonly alerts: readonly { readonly threshold: Threshold; readonly action: AlertFiring['action'] }[];
  readonly metrics: readonly WatchedMetric[];
  readonly minSamples: number;
  readonly noData: 'pause' | 'fail';
  readonly intervalMs: number;
  /** The stored baseline per metric (the stable version before traffic moved). */
  readonly baseline: Readonly<Record<string, number | undefined>>;
}

type PercentTrigger = Extract<RollbackTrigger, { percent: number }>;

/** A metric value in the unit a threshold is written in (`1%` against a ratio, `500ms` against seconds). */
export function inThresholdUnit(threshold: Threshold, value: number): number {
  if (threshold.unit === '%') return value * 100;
  if (threshold.unit === 'ms') return value * 1000;
  return value;
}

/** The trigger as written, for the thread. */
export function describeTrigger(trigger: RollbackTrigger): string {
  if (trigger.kind === 'health_check_failures')
    return `health_check_failures: ${trigger.consecutive} (consecutive)`;
  if (trigger.kind === 'security_incident') return 'security_incident';
  const mode = trigger.relative ? 'relative to the baseline' : 'percentage points over the baseline';
  return `${trigger.kind}: ${trigger.percent}% (${mode})`;
}

/**
 * The value past which a percentage trigger fires for a metric, or why it cannot judge. Relative: the baseline
 * times (1 ± p); a zero error-rate baseline compares against p as an absolute ratio (0 → 10 % errors), since
 * "10 % more than nothing" would fire on the first error. Absolute (`relative: false`, error rate only): the
 * baseline plus p percentage points. Business metrics move the bad way for their direction.
 */
export function limitFor(
  trigger: PercentTrigger,
  metric: WatchedMetric,
  baseline: number | undefined,
): { limit: number } | { noData: string } {
  const p = trigger.percent / 100;
  if (metric.role === 'error_rate') {
    const base = baseline ?? 0;
    if (!trigger.relative) return { limit: base + p };
    return { limit: base > 0 ? base * (1 + p) : p };
  }
  if (baseline === undefined || !(baseline > 0)) return { noData: 'no baseline to compare with' };
  if (metric.role === 'business' && metric.higherIsBetter) return { limit: baseline * (1 - p) };
  return { limit: baseline * (1 + p) };
}

function breaches(metric: WatchedMetric, value: number, limit: number): boolean {
  return metric.role === 'business' && metric.higherIsBetter ? value < limit : value > limit;
}

/** The metrics a percentage trigger judges: error rate, every latency, or every business metric. */
function judgedBy(trigger: PercentTrigger, metrics: readonly WatchedMetric[]): WatchedMetric[] {
  const role =
    trigger.kind === 'error_rate_increase'
      ? 'error_rate'
      : trigger.kind === 'latency_increase'
        ? 'latency'
        : 'business';
  return metrics.filter((m) => m.role === role);
}

function baselineOf(rules: WatchRules, sample: WatchSample, name: string): number | undefined {
  const live = sample.stable?.[name];
  if (live?.ok) return live.value;
  return rules.baseline[name];
}

const readingValue = (reading: Reading | undefined) => (reading?.ok ? reading.value : undefined);
const reasonOf = (reading: Reading | undefined) =>
  reading === undefined ? 'not sampled' : reading.ok ? undefined : reading.reason;

/**
 * Judges one sample (chapter 4.3 triggers, issue #9 semantics): health failures count only when consecutive;
 * metric triggers compare with the baseline (the stable track beside a canary, else the one stored before traffic
 * moved), may fire only once `minSamples` samples were taken, and report the breach streak; missing data is never
 * healthy — under `pause` it stops the watch clock and cannot fire a metric trigger, under `fail` it counts as a
 * breach. Alerts are raised once per watch. Pure: the caller stores the progress and acts on what fired.
 */
export function evaluateSample(rules: WatchRules, before: WatchProgress, sample: WatchSample): SampleVerdict {
  const samples = before.samples + 1;
  const noData = rules.metrics.filter((m) => m.required && !sample.metrics[m.name]?.ok).map((m) => m.name);
  const counted = noData.length === 0 || rules.noData === 'fail';
  const healthStreak =
    sample.health === undefined ? before.healthStreak : sample.health.ok ? 0 : before.healthStreak + 1;
  const streaks: Record<string, number> = {};
  const findings = new Map<string, MetricFinding>();
  let fired: TriggerFiring | undefined;

  for (const m of rules.metrics) {
    const reading = sample.metrics[m.name];
    const value = readingValue(reading);
    const noDataReason = reasonOf(reading);
    findings.set(m.name, {
      metric: m.name,
      value,
      baseline: baselineOf(rules, sample, m.name),
      limit: undefined,
      breached: false,
      ...(noDataReason ? { noData: noDataReason } : {}),
    });
  }

  for (const trigger of rules.triggers) {
    if (before.kept.includes(trigger.kind)) continue;
    if (trigger.kind === 'health_check_failures') {
      if (!fired && sample.health && !sample.health.ok && healthStreak >= trigger.consecutive)
        fired = {
          trigger: trigger.kind,
          rule: describeTrigger(trigger),
          streak: healthStreak,
          detail: `${healthStreak} consecutive failed health checks; the last: ${sample.health.detail}`,
        };
      continue;
    }
    if (trigger.kind === 'security_incident') continue;
    for (const m of judgedBy(trigger, rules.metrics)) {
      const key = `${trigger.kind}:${m.name}`;
      const baseline = baselineOf(rules, sample, m.name);
      const value = readingValue(sample.metrics[m.name]);
      const bound = limitFor(trigger, m, baseline);
      const previous = findings.get(m.name);
      let breached = false;
      if (value === undefined) breached = rules.noData === 'fail';
      else if ('limit' in bound) breached = breaches(m, value, bound.limit);
      findings.set(m.name, {
        metric: m.name,
        value,
        baseline,
        limit: 'limit' in bound ? bound.limit : undefined,
        breached,
        ...(previous?.noData
          ? { noData: previous.noData }
          : 'noData' in bound
            ? { noData: bound.noData }
            : {}),
      });
      const streak = breached ? (before.streaks[key] ?? 0) + 1 : 0;
      streaks[key] = streak;
      if (!fired && breached && samples >= rules.minSamples)
        fired = {
          trigger: trigger.kind,
          rule: describeTrigger(trigger),
          metric: m.name,
          ...(value !== undefined ? { value } : {}),
          ...(baseline !== undefined ? { baseline } : {}),
          ...('limit' in bound ? { limit: bound.limit } : {}),
          streak,
          detail:
            value === undefined
              ? `no data for ${m.name} (${reasonOf(sample.metrics[m.name])}), which counts as failing under no_data: fail`
              : `${m.name} breached its limit`,
        };
    }
  }

  const alerts: AlertFiring[] = [];
  for (const alert of rules.alerts) {
    if (before.alerted.includes(alert.threshold.text)) continue;
    const value = readingValue(sample.metrics[alert.threshold.metric]);
    if (value === undefined) continue;
    if (thresholdBreached(alert.threshold, inThresholdUnit(alert.threshold, value)))
      alerts.push({ threshold: alert.threshold, action: alert.action, value });
  }

  const noDataChanged = noData.join(',') !== before.noData.join(',');
  return {
    progress: {
      samples,
      watchedMs: before.watchedMs + (counted ? rules.intervalMs : 0),
      pausedMs: before.pausedMs + (counted ? 0 : rules.intervalMs),
      healthStreak,
      streaks,
      noData,
      alerted: [...before.alerted, ...alerts.map((a) => a.threshold.text)],
      kept: before.kept,
    },
    findings: [...findings.values()],
    fired,
    alerts,
    noData,
    noDataChanged,
    counted,
  };
}
