import type { ValidationStep } from '../config/environment-policy-schema.js';
import type { Reading, TriggerFiring } from './watch-sample.js';

/** One post-deployment check's result, shown in the thread. */
export interface PostDeploymentResult {
  readonly name: string;
  readonly required: boolean;
  readonly ok: boolean;
  /** Not judged: Shipgate has no metrics source (`metrics.prometheus` unset; `config check` warns about it). */
  readonly skipped?: boolean;
  readonly summary: string;
}

/** What the first sample after traffic moved saw, for the policy's post-deployment checks. */
export interface PostDeploymentInputs {
  /** The service's `smoke_tests` validation, run after traffic moved (undefined when not bound). */
  readonly smoke?: { readonly ok: boolean; readonly summary: string };
  readonly health?: { readonly ok: boolean; readonly detail: string };
  readonly metrics: Readonly<Record<string, Reading>>;
  /** The metrics a trigger or alert needs (monitoring_verification: each must have data). */
  readonly required: readonly string[];
  /** The business metrics configured. */
  readonly business: readonly string[];
  /** False when Shipgate has no metrics source: the metric checks are shown as skipped, not passed. */
  readonly metricsSource: boolean;
}

const NO_SOURCE = {
  ok: true,
  skipped: true,
  summary: 'skipped: no metrics source (metrics.prometheus is not set)',
};

function judge(
  name: string,
  inputs: PostDeploymentInputs,
): { ok: boolean; skipped?: boolean; summary: string } {
  switch (name) {
    case 'smoke_tests':
      return inputs.smoke
        ? { ok: inputs.smoke.ok, summary: inputs.smoke.summary }
        : { ok: false, summary: 'no smoke_tests validation is bound' };
    case 'health_checks':
      return inputs.health
        ? {
            ok: true,
            summary: `bound to watch.health_check (${inputs.health.detail} now; judged every sample)`,
          }
        : { ok: false, summary: 'no watch.health_check is configured' };
    case 'monitoring_verification': {
      if (!inputs.metricsSource) return NO_SOURCE;
      const missing = inputs.required.filter((m) => !inputs.metrics[m]?.ok);
      if (inputs.required.length === 0) return { ok: false, summary: 'no metric query is configured' };
      return missing.length > 0
        ? { ok: false, summary: `no data for ${missing.join(', ')}` }
        : { ok: true, summary: `data for ${inputs.required.join(', ')}` };
    }
    case 'business_metrics':
      if (inputs.business.length === 0) return { ok: false, summary: 'no watch.business_metrics configured' };
      if (!inputs.metricsSource) return NO_SOURCE;
      return { ok: true, summary: `bound to ${inputs.business.join(', ')} (judged every sample)` };
    default:
      return { ok: false, summary: 'not a post-deployment check Shipgate knows' };
  }
}

/**
 * The policy's post-deployment checks (chapter 3.4), judged once, at the first watch sample after traffic fully
 * moved: `smoke_tests` by the service's smoke-test validation run then, `monitoring_verification` by every required
 * query returning data in that sample. `health_checks` and `business_metrics` are bound to the watch's health check
 * and business metrics, which every sample judges (`health_check_failures` counts consecutive failures, so one
 * failing check here does not fire); they fail only when not configured. Returns each result and, when a required one failed, the firing that the watch's decision
 * (automatic rollback or a recommendation) takes.
 */
export function judgePostDeployment(
  checks: readonly ValidationStep[],
  inputs: PostDeploymentInputs,
): { results: PostDeploymentResult[]; firing: TriggerFiring | undefined } {
  const results = checks.map((check) => ({
    name: check.name,
    required: check.level === 'required',
    ...judge(check.name, inputs),
  }));
  const failed = results.find((r) => r.required && !r.ok);
  return {
    results,
    firing: failed && {
      trigger: 'post_deployment',
      rule: `post_deployment: ${failed.name} (required)`,
      streak: 1,
      detail: `${failed.name} failed after traffic moved: ${failed.summary}`,
    },
  };
}
