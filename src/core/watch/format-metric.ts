import type { MetricFinding, TriggerFiring } from './watch-sample.js';
import { roleOf } from './watched-metric.js';

/** A metric value as people read it: error rates in percent, latencies in ms, other values with 3 digits. */
export function formatMetric(metric: string, value: number | undefined, business = false): string {
  if (value === undefined || !Number.isFinite(value)) return 'no data';
  const role = business ? 'business' : roleOf(metric);
  if (role === 'error_rate') return `${(value * 100).toFixed(2)}%`;
  if (role === 'latency') return `${Math.round(value * 1000)} ms`;
  return Number(value.toPrecision(3)).toString();
}

/** One finding as a compact line: `error_rate 1.20% (baseline 1.00%, limit 1.10%)`. */
export function findingLine(f: MetricFinding, business = false): string {
  const value =
    f.value === undefined ? `no data (${f.noData ?? 'no value'})` : formatMetric(f.metric, f.value, business);
  const parts: string[] = [];
  if (f.baseline !== undefined) parts.push(`baseline ${formatMetric(f.metric, f.baseline, business)}`);
  if (f.limit !== undefined) parts.push(`limit ${formatMetric(f.metric, f.limit, business)}`);
  const mark = f.breached ? ' :warning:' : '';
  return `${f.metric} ${value}${parts.length ? ` (${parts.join(', ')})` : ''}${mark}`;
}

/** Why a trigger fired, with metric, value, baseline, threshold and streak, for the thread and the audit. */
export function firingLine(f: TriggerFiring, business = false): string {
  if (f.metric === undefined) return `${f.rule}: ${f.detail}`;
  const value = formatMetric(f.metric, f.value, business);
  const baseline = f.baseline === undefined ? 'none' : formatMetric(f.metric, f.baseline, business);
  const limit = f.limit === undefined ? 'n/a' : formatMetric(f.metric, f.limit, business);
  const samples = f.streak === 1 ? '1 sample' : `${f.streak} samples in a row`;
  return `${f.rule}: ${f.metric} ${value} against a baseline of ${baseline} (limit ${limit}), ${samples}`;
}
