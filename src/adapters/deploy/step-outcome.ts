import { formatDuration } from '../../core/config/duration.js';
import type { StepOutcome } from '../../core/deploys/deploy-types.js';

/** Builds a step outcome, rounding the duration to whole milliseconds. */
export function stepOutcome(
  ok: boolean,
  summary: string,
  output: string,
  durationMs: number,
  timedOut = false,
): StepOutcome {
  return { ok, summary, output, durationMs: Math.round(durationMs), timedOut };
}

/** A step that failed before anything ran (not configured, bad template, missing secret). */
export function refusal(summary: string): StepOutcome {
  return stepOutcome(false, summary, '', 0);
}

/** Elapsed time for a step summary: `4.2 s`. */
export function describeElapsed(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** A configured length of time the way the config writes it (`10m`), or `0.3 s` below whole seconds. */
export function describeLength(ms: number): string {
  return ms % 1000 === 0 ? formatDuration(ms) : describeElapsed(ms);
}
