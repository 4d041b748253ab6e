import { typedValue } from './typed-value.js';

/** Comparison operators a threshold may use. */
export type ThresholdOp = '>' | '>=' | '<' | '<=';

/** Units a threshold value may carry; `null` for a plain number (a count or a rate). */
export type ThresholdUnit = '%' | 'ms' | 's' | null;

/** A monitoring threshold such as `latency_p99 > 500ms`, split into parts a metric watcher can compare. */
export interface Threshold {
  readonly metric: string;
  readonly op: ThresholdOp;
  readonly value: number;
  readonly unit: ThresholdUnit;
  readonly text: string;
}

const THRESHOLD = /^([a-z][a-z0-9_]*)\s*(>=|<=|>|<)\s*(\d+(?:\.\d+)?)\s*(%|ms|s)?$/;

/** Parses `error_rate > 1%`, `latency_p99 > 500ms`, `throughput < 100` (also `>=`, `<=`); `undefined` otherwise. */
export function parseThreshold(text: string): Threshold | undefined {
  const trimmed = text.trim();
  const match = THRESHOLD.exec(trimmed);
  if (!match) return undefined;
  const [, metric = '', op, value, unit] = match;
  return {
    metric,
    op: op as ThresholdOp,
    value: Number(value),
    unit: (unit ?? null) as ThresholdUnit,
    text: trimmed,
  };
}

/** True when `observed` (in the threshold's unit) is on the alerting side of the threshold. */
export function thresholdBreached(threshold: Threshold, observed: number): boolean {
  switch (threshold.op) {
    case '>':
      return observed > threshold.value;
    case '>=':
      return observed >= threshold.value;
    case '<':
      return observed < threshold.value;
    case '<=':
      return observed <= threshold.value;
  }
}

/** What `parseThreshold` accepts, as a JSON Schema `pattern`. */
export const THRESHOLD_PATTERN = String.raw`^\s*[a-z][a-z0-9_]*\s*(?:>=|<=|>|<)\s*\d+(?:\.\d+)?\s*(?:%|ms|s)?\s*$`;

/** Zod schema for a threshold string: `expected a threshold such as error_rate > 1%, got "errors high"`. */
export const thresholdSchema = typedValue('a threshold such as error_rate > 1%', parseThreshold).meta({
  pattern: THRESHOLD_PATTERN,
});
