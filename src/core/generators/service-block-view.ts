import { commandStepKinds, rollbackStepKinds } from '../config/cross-check-config.js';
import type { EnvironmentPolicy } from '../config/environment-policy-schema.js';
import type { ShipgateConfig } from '../config/shipgate-config-schema.js';
import type { StepKind } from '../deploys/deploy-types.js';
import { defaultWatchQuery } from './default-watch-query.js';
import { yamlQuoted, yamlScalar } from './yaml-scalar.js';

/** What `shipgate new service <name>` was asked, with the policies of the environments it deploys to. */
export interface ServiceBlockAsk {
  readonly name: string;
  /** The environments, in the order given; each has its policy in `policies`. */
  readonly environments: readonly string[];
  readonly policies: readonly EnvironmentPolicy[];
  /** Where deploy requests are posted; by default the first configured service's channel, else `#deploys`. */
  readonly channel?: string | undefined;
  /** The chapter's scripts folder as the commands reach it from the main config's folder (`../scripts`). */
  readonly scriptsDir: string;
}

/** One `name: value` line of the block; `value` is YAML already. */
export interface BlockEntry {
  readonly name: string;
  readonly value: string;
}

/** The values `templates/service-block.mustache` receives: a `services.<name>` block, every value YAML already. */
export interface ServiceBlockView {
  readonly name: string;
  readonly channel: string;
  readonly environments: string;
  readonly steps: readonly BlockEntry[];
  readonly validations: readonly BlockEntry[];
  readonly watch: boolean;
  readonly health_check_url: string;
  readonly queries: readonly BlockEntry[];
  readonly business_metrics: readonly BlockEntry[];
  readonly prometheus: boolean;
}

const STEP_ORDER: readonly StepKind[] = [
  'deploy',
  'smoke_test',
  'switch_traffic',
  'set_traffic',
  'health_check',
  'canary_stop',
  'terminate_canary',
  'document_rollback',
];

/** The chapter's script and arguments for each step kind (the example config's `services.checkout.deploy`). */
const STEP_SCRIPTS: Readonly<Record<StepKind, string>> = {
  deploy: 'deploy.sh {service} {version} {color}',
  smoke_test: 'health-check.sh {service} {color}',
  switch_traffic: 'switch-traffic.sh {service} {color}',
  set_traffic: 'route-traffic.sh {service} {percent} {version}',
  health_check: 'health-check.sh {service} {color}',
  canary_stop: 'canary-stop.sh {service}',
  terminate_canary: 'terminate-canary.sh {service}',
  document_rollback:
    'document-incident.sh {service} "rolled back {previous_version} to {version} in {env} ({deploy_id})"',
};

const WATCH_CHECKS = new Set(['health_checks', 'monitoring_verification', 'business_metrics']);

/** A business metric to start from, for policies that require `business_metrics` or a degradation trigger. */
export const BUSINESS_METRIC = 'requests_succeeded_per_minute';

function unique<T>(items: Iterable<T>): T[] {
  return [...new Set(items)];
}

/**
 * A `services.<name>` block that `config check` accepts for the asked environments: a command deploy target with
 * a command for every step kind their strategies run when deploying and rolling back (the chapter's scripts, plus
 * `document_rollback`), a command for every pre-deployment check they name (and `smoke_tests` for the
 * post-deployment one), and, when a policy has triggers, alerts or watch-bound post-deployment checks, a watch with
 * a health check, a query for every `monitoring.metrics` name (PromQL, or the field of that name for
 * `metrics.http_json`) and a business metric where one is required. Placeholders stay for the operator to replace.
 */
export function serviceBlockView(ask: ServiceBlockAsk, config: ShipgateConfig): ServiceBlockView {
  const { policies } = ask;
  const kinds = new Set<StepKind>([
    ...policies.flatMap((p) => [
      ...commandStepKinds(p.deployment_strategy),
      ...rollbackStepKinds(p.deployment_strategy),
    ]),
    'document_rollback',
  ]);
  const steps = STEP_ORDER.filter((k) => kinds.has(k)).map((kind) => ({
    name: kind,
    value: yamlScalar(`${ask.scriptsDir}/${STEP_SCRIPTS[kind]}`),
  }));
  const checks = unique([
    ...policies.flatMap((p) => p.validation.pre_deployment.map((c) => c.name)),
    ...policies.flatMap((p) =>
      p.validation.post_deployment.filter((c) => c.name === 'smoke_tests').map((c) => c.name),
    ),
  ]);
  const validations = checks.map((check) => ({
    name: check,
    value: `{ command: ${yamlQuoted(`${ask.scriptsDir}/${check.replaceAll('_', '-')}.sh {service} {version} {env}`)} }`,
  }));
  const watch = policies.some(
    (p) =>
      p.rollback.triggers.length > 0 ||
      p.monitoring.alerts.length > 0 ||
      p.validation.post_deployment.some((c) => c.level === 'required' && WATCH_CHECKS.has(c.name)),
  );
  const prometheus = config.metrics?.http_json === undefined;
  const metrics = unique(policies.flatMap((p) => p.monitoring.metrics));
  const needsBusiness = policies.some(
    (p) =>
      p.rollback.triggers.some((t) => t.kind === 'business_metric_degradation') ||
      p.validation.post_deployment.some((c) => c.level === 'required' && c.name === 'business_metrics'),
  );
  const query = (metric: string) => yamlQuoted(prometheus ? defaultWatchQuery(metric) : metric);
  return {
    name: ask.name,
    channel: JSON.stringify(ask.channel ?? Object.values(config.services)[0]?.channel ?? '#deploys'),
    environments: `[${ask.environments.join(', ')}]`,
    steps,
    validations,
    watch,
    health_check_url: JSON.stringify('https://{service}.{env}.internal/healthz'),
    queries: metrics.map((metric) => ({ name: metric, value: query(metric) })),
    business_metrics: needsBusiness
      ? [
          {
            name: BUSINESS_METRIC,
            value: `{ query: ${query(BUSINESS_METRIC)}, higher_is_better: true }`,
          },
        ]
      : [],
    prometheus,
  };
}
