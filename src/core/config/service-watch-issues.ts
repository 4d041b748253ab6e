import { metricsNeeded, roleOf } from '../watch/watched-metric.js';
import type { ConfigIssue } from './config-issue.js';
import type { EnvironmentPolicy, RollbackTrigger } from './environment-policy-schema.js';
import type { ServiceConfig } from './shipgate-config-schema.js';

/** The post-deployment checks Shipgate can bind to a service, and what binds each. */
export const POST_DEPLOYMENT_CHECKS = [
  'health_checks',
  'smoke_tests',
  'monitoring_verification',
  'business_metrics',
] as const;

const WATCH_CHECKS = new Set(['health_checks', 'monitoring_verification', 'business_metrics']);

/**
 * Whether a service's post-deploy watch can do what each environment it deploys to asks of it (issue #9): a
 * `watch` block wherever triggers or watch-bound post-deployment checks are required (one error stands for all of
 * them; only alerts: a warning);
 * a query for every metric a trigger or alert names; a health check for `health_check_failures`; a business
 * metric for `business_metric_degradation`; and every required post-deployment check bound (reported in the
 * policy file, naming the service). Without these the policy promises a rollback nothing would ever fire.
 */
export function serviceWatchIssues(
  name: string,
  service: ServiceConfig,
  policies: readonly EnvironmentPolicy[],
): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const targets = policies.filter((p) => service.environments.includes(p.environment));
  const watchPath = ['services', name, 'watch'];
  const watch = service.watch;
  const missingQuery = new Map<string, string[]>();
  for (const policy of targets) {
    const env = policy.environment;
    policy.validation.post_deployment.forEach((check, i) => {
      if (check.level !== 'required' || (watch === undefined && WATCH_CHECKS.has(check.name))) return;
      const problem = postDeploymentProblem(check.name, name, service, policy);
      if (problem !== undefined)
        issues.push({
          path: ['validation', 'post_deployment', i, check.name],
          message: problem,
          environment: env,
        });
    });
    if (watch === undefined) {
      const duties = watchDuties(policy);
      if (duties.length > 0)
        issues.push({
          path: watchPath,
          message: `missing; ${name} deploys to ${env}, whose policy has ${duties.join(' and ')}: without a watch nothing samples the release${policy.rollback.automatic ? ' and the automatic rollback never fires' : ''}`,
        });
      else if (policy.monitoring.alerts.length > 0)
        issues.push({
          path: watchPath,
          severity: 'warning',
          message: `not set; ${name} deploys to ${env}, whose monitoring.alerts are raised only by a post-deploy watch, so they never fire for ${name}`,
        });
      continue;
    }
    const reasons = metricReasons(policy);
    for (const metric of metricsNeeded(policy, watch))
      if (!Object.hasOwn(watch.queries, metric) && !Object.hasOwn(watch.business_metrics, metric))
        collect(missingQuery, metric, `${env} (${(reasons.get(metric) ?? []).join(', ')})`);
    for (const trigger of policy.rollback.triggers) {
      if (trigger.kind === 'health_check_failures' && watch.health_check === undefined)
        issues.push({
          path: [...watchPath, 'health_check'],
          message: `missing; ${name} deploys to ${env}, whose trigger health_check_failures: ${trigger.consecutive} needs a health check URL to count failures`,
        });
      if (trigger.kind === 'business_metric_degradation' && Object.keys(watch.business_metrics).length === 0)
        issues.push({
          path: [...watchPath, 'business_metrics'],
          message: `missing; ${name} deploys to ${env}, whose trigger business_metric_degradation needs at least one business metric to compare`,
        });
    }
  }
  for (const [metric, uses] of missingQuery)
    issues.push({
      path: [...watchPath, 'queries', metric],
      message: `missing; ${name} deploys to ${uses.join('; ')}, which ${uses.length === 1 ? 'needs' : 'need'} a PromQL query for ${metric}`,
    });
  return issues;
}

/** Why a policy needs a watch at all: its triggers and the required post-deployment checks only a watch runs. */
function watchDuties(policy: EnvironmentPolicy): string[] {
  const triggers = policy.rollback.triggers.map((t) => t.kind);
  const checks = policy.validation.post_deployment
    .filter((c) => c.level === 'required' && WATCH_CHECKS.has(c.name))
    .map((c) => c.name);
  return [
    ...(triggers.length > 0 ? [`rollback.triggers ${triggers.join(', ')}`] : []),
    ...(checks.length > 0 ? [`required post-deployment checks ${checks.join(', ')}`] : []),
  ];
}

/** Which trigger or alert names each metric, for the message: `error_rate_increase, alert "error_rate > 1%"`. */
function metricReasons(policy: EnvironmentPolicy): Map<string, string[]> {
  const reasons = new Map<string, string[]>();
  const latency = policy.monitoring.metrics.filter((m) => roleOf(m) === 'latency');
  const named: Partial<Record<RollbackTrigger['kind'], readonly string[]>> = {
    error_rate_increase: ['error_rate'],
    latency_increase: latency,
  };
  for (const trigger of policy.rollback.triggers)
    for (const metric of named[trigger.kind] ?? []) collect(reasons, metric, `trigger ${trigger.kind}`);
  for (const alert of policy.monitoring.alerts)
    collect(reasons, alert.threshold.metric, `alert "${alert.threshold.text}"`);
  return reasons;
}

/** Why a required post-deployment check cannot be bound for `name`, if it cannot. */
function postDeploymentProblem(
  check: string,
  name: string,
  service: ServiceConfig,
  policy: EnvironmentPolicy,
): string | undefined {
  const watch = service.watch;
  switch (check) {
    case 'health_checks':
      return watch?.health_check === undefined
        ? `${name} cannot run it: set services.${name}.watch.health_check (a health URL) in the main config`
        : undefined;
    case 'smoke_tests':
      return Object.hasOwn(service.validations, 'smoke_tests')
        ? undefined
        : `${name} cannot run it: bind services.${name}.validations.smoke_tests to a command or http check in the main config`;
    case 'monitoring_verification': {
      const queried = policy.monitoring.metrics.filter(
        (m) => watch !== undefined && Object.hasOwn(watch.queries, m),
      );
      return queried.length === 0
        ? `${name} cannot run it: set services.${name}.watch.queries for the monitoring.metrics (${policy.monitoring.metrics.join(', ')}) in the main config`
        : undefined;
    }
    case 'business_metrics':
      return watch === undefined || Object.keys(watch.business_metrics).length === 0
        ? `${name} cannot run it: set services.${name}.watch.business_metrics (a query per business metric) in the main config`
        : undefined;
    default:
      return `unknown post-deployment check ${check}, so nothing runs it for ${name}; Shipgate binds ${POST_DEPLOYMENT_CHECKS.join(', ')}`;
  }
}

function collect(groups: Map<string, string[]>, key: string, value: string): void {
  groups.set(key, [...(groups.get(key) ?? []), value]);
}
