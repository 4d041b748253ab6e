import type { ItemResult } from './item-result.js';
import { readinessBand } from './readiness-band.js';
import type { ReadinessSummary } from './readiness-summary.js';

/**
 * The readiness score of a set of item results (5.2): the weighted share of passed items, rounded down to a whole
 * percent so a score never rounds up into a better band (89.9 stays 89). `ready` means no critical item failed and
 * the score reaches the environment's `minimum`; with no minimum, the band must be ready or minor improvements
 * (70 or more). Any failed critical item makes the band `do_not_deploy` whatever the score.
 */
export function scoreReadiness(
  items: readonly ItemResult[],
  options: { readonly minimum?: number | undefined; readonly at: Date },
): ReadinessSummary {
  const total = items.reduce((sum, i) => sum + i.weight, 0);
  const passed = items.reduce((sum, i) => sum + (i.passed ? i.weight : 0), 0);
  const score = total === 0 ? 0 : Math.floor((passed / total) * 100 + 1e-9);
  const criticalFailed = items.some((i) => i.critical && !i.passed);
  const band = criticalFailed ? 'do_not_deploy' : readinessBand(score);
  const ready = !criticalFailed && (options.minimum === undefined ? score >= 70 : score >= options.minimum);
  return {
    score,
    band,
    ready,
    ...(options.minimum === undefined ? {} : { minimum: options.minimum }),
    gaps: items
      .filter((i) => !i.passed)
      .sort((a, b) => Number(b.critical) - Number(a.critical))
      .map((i) => ({ id: i.id, text: i.text, critical: i.critical, reason: i.reason })),
    at: options.at.toISOString(),
  };
}
