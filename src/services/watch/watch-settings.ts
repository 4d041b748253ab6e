import type { EnvironmentPolicy } from '../../core/config/environment-policy-schema.js';
import type { WatchConfig } from '../../core/config/watch-schema.js';
import type { DeployRecord } from '../../core/deploys/deploy-record.js';
import { ownEntry } from '../../core/own-entry.js';
import type { WatchRules } from '../../core/watch/evaluate-sample.js';
import type { WatchPlaceholders } from '../../core/watch/fill-watch-query.js';
import { type WatchedMetric, watchedMetrics } from '../../core/watch/watched-metric.js';
import type { Runtime } from '../runtime.js';

/** What a deploy's watch runs by: the service's watch settings, the environment's policy and the metrics. */
export interface WatchSettings {
  readonly watch: WatchConfig;
  readonly policy: EnvironmentPolicy;
  readonly metrics: readonly WatchedMetric[];
}

/**
 * The watch settings of a deploy, or undefined when it is not watched: the service has no `watch` block, the
 * environment has no policy, or there is nothing to sample with (no Prometheus for the queries and no health URL).
 */
export function watchSettingsOf(rt: Runtime, deploy: DeployRecord): WatchSettings | undefined {
  if (deploy.kind === 'rollback') return undefined;
  const watch = ownEntry(rt.config.config.services, deploy.service)?.watch;
  const policy = rt.config.environments.get(deploy.env);
  if (!watch || !policy) return undefined;
  const metrics = rt.metrics ? watchedMetrics(policy, watch) : [];
  if (metrics.length === 0 && !watch.health_check) return undefined;
  return { watch, policy, metrics };
}

/** The rules one sample is judged by. */
export function rulesOf(settings: WatchSettings, baseline: WatchRules['baseline']): WatchRules {
  const { watch, policy, metrics } = settings;
  return {
    triggers: policy.rollback.triggers,
    alerts: policy.monitoring.alerts,
    metrics,
    minSamples: watch.min_samples,
    noData: watch.no_data,
    intervalMs: watch.interval.ms,
    baseline,
  };
}

/**
 * The placeholders of the new version's track (`judged`) and of the baseline's: blue-green compares the colour
 * that got the new version with the one that served before; canary `canary` with `stable`; rolling and recreate
 * replace the fleet, so both are `stable` (before and after).
 */
export function tracksOf(deploy: DeployRecord): { judged: WatchPlaceholders; baseline: WatchPlaceholders } {
  const base = { service: deploy.service, env: deploy.env };
  if (deploy.strategy === 'blue-green') {
    const oldColor = deploy.liveColor ?? 'blue';
    const newColor = deploy.targetColor ?? (oldColor === 'blue' ? 'green' : 'blue');
    return {
      judged: { ...base, version: deploy.version, track: newColor, color: newColor },
      baseline: { ...base, version: deploy.previousVersion ?? '', track: oldColor, color: oldColor },
    };
  }
  const judged = deploy.strategy === 'canary' ? 'canary' : 'stable';
  return {
    judged: { ...base, version: deploy.version, track: judged, color: '' },
    baseline: { ...base, version: deploy.previousVersion ?? '', track: 'stable', color: '' },
  };
}
