import type { EnvironmentPolicy, RollbackTrigger } from '../config/environment-policy-schema.js';
import type { ServiceConfig, ShipgateConfig } from '../config/shipgate-config-schema.js';
import type { PlanStep, StepKind } from '../deploys/deploy-types.js';
import { rollbackSteps } from '../deploys/rollback-steps.js';

/** One step of the runbook's "Execute" part: what it does and the configured command (or how Shipgate calls it). */
export interface RunbookStep {
  readonly label: string;
  /** The command line with what the runbook knows filled in ({service}, {env}, a canary's {percent}). */
  readonly command: string | undefined;
  /** How the step runs when it is not a command (an http target), else undefined. */
  readonly how: string | undefined;
}

/** The chapter's 4.3 rollback procedure for one service in one environment, with the configured commands. */
export interface RollbackRunbook {
  readonly service: string;
  readonly env: string;
  readonly strategy: string;
  readonly timeout: string;
  readonly automatic: boolean;
  readonly monitoringDuration: string;
  readonly triggers: readonly string[];
  readonly alerts: readonly { readonly threshold: string; readonly action: string }[];
  readonly metrics: readonly string[];
  readonly postDeploymentChecks: readonly string[];
  /** Where the steps run: `command` (the config's commands), `http` (a webhook target), `chapter` (none set). */
  readonly target: 'command' | 'http' | 'chapter';
  readonly steps: readonly RunbookStep[];
  /** The placeholders left in the commands, each with what it means during a rollback. */
  readonly placeholders: readonly { readonly name: string; readonly meaning: string }[];
  readonly notifications: readonly string[];
  readonly deployChannel: string;
  readonly incidentChannel: string;
  readonly statusChannel: string;
  readonly incidentSeverity: string;
  readonly shipgate: {
    readonly status: string;
    readonly dryRun: string;
    readonly rollback: string;
    readonly security: string;
    readonly declare: string;
    readonly report: string;
  };
}

/** What a runbook is written from. */
export interface RollbackRunbookInput {
  readonly service: string;
  readonly env: string;
  readonly settings: ServiceConfig;
  readonly policy: EnvironmentPolicy;
  readonly config: ShipgateConfig;
}

/** Labels for the steps whose colour is known only at rollback time. */
const COLOURLESS: Partial<Record<StepKind, string>> = {
  switch_traffic: 'Switch traffic back to the previous colour',
  health_check: 'Verify the health of the previous colour',
};

/** The chapter's 4.3 commands, for an environment whose service has no deploy target configured. */
const CHAPTER_COMMANDS: Readonly<Record<StepKind, string>> = {
  switch_traffic: './scripts/switch-traffic.sh blue',
  health_check: './scripts/health-check.sh blue',
  canary_stop: './scripts/canary-stop.sh',
  set_traffic: './scripts/route-traffic.sh stable 100',
  terminate_canary: './scripts/terminate-canary.sh',
  document_rollback: './scripts/document-incident.sh',
  deploy: './scripts/deploy.sh {service} {version}',
  smoke_test: './scripts/health-check.sh blue',
};

const MEANINGS: Readonly<Record<string, string>> = {
  color: 'the colour that served before the bad release (traffic goes back to it)',
  version: 'the version restored (the one that ran before)',
  previous_version: 'the bad version being rolled back',
  percent: 'the canary share of traffic',
  deploy_id: "the rollback's id in Shipgate (DEP-…)",
  service: 'the service',
  env: 'the environment',
};

/** A rollback trigger in words, for step 1 of the runbook. */
export function triggerText(trigger: RollbackTrigger): string {
  switch (trigger.kind) {
    case 'health_check_failures':
      return `${trigger.consecutive} health check failures in a row`;
    case 'error_rate_increase':
      return trigger.relative
        ? `error rate ${trigger.percent}% above the baseline`
        : `error rate ${trigger.percent} percentage points above the baseline`;
    case 'latency_increase':
      return `latency ${trigger.percent}% above the baseline`;
    case 'business_metric_degradation':
      return `a business metric ${trigger.percent}% worse than the baseline`;
    case 'security_incident':
      return 'a security incident (a rollback with --security)';
  }
}

function fill(template: string, input: RollbackRunbookInput, step: PlanStep): string {
  return template
    .replaceAll('{service}', input.service)
    .replaceAll('{env}', input.env)
    .replaceAll('{percent}', step.percent === undefined ? '{percent}' : String(step.percent));
}

/**
 * The runbook of the chapter's 4.3 procedure for a service in an environment: how to identify (its alerts,
 * triggers and watched metrics), decide, execute (`/rollback`, and the very steps Shipgate runs for its strategy
 * with the configured commands, to run by hand when Shipgate is down), verify and communicate (its notifications,
 * the incident a rollback declares). Steps come from {@link rollbackSteps}, so the runbook and the rollback plan
 * cannot drift apart.
 */
export function rollbackRunbook(input: RollbackRunbookInput): RollbackRunbook {
  const { service, env, settings, policy, config } = input;
  const deploy = settings.deploy;
  const strategy = policy.deployment_strategy;
  const documents =
    deploy === undefined || (deploy.adapter === 'command' && deploy.steps.document_rollback !== undefined);
  const planned = rollbackSteps({ strategy, badColor: undefined, documents });
  const label = (step: PlanStep) =>
    (strategy === 'blue-green' ? COLOURLESS[step.kind] : undefined) ?? step.label;
  const steps: RunbookStep[] = planned.map((step) => {
    if (deploy?.adapter === 'command') {
      const template = deploy.steps[step.kind];
      return {
        label: label(step),
        command: template === undefined ? undefined : fill(template, input, step),
        how: template === undefined ? `no ${step.kind} command is configured` : undefined,
      };
    }
    if (deploy?.adapter === 'http')
      return {
        label: label(step),
        command: undefined,
        how: `Shipgate POSTs step ${step.kind} to ${deploy.url.replaceAll('{service}', service).replaceAll('{env}', env)}`,
      };
    return { label: label(step), command: fill(CHAPTER_COMMANDS[step.kind], input, step), how: undefined };
  });
  const left = new Set(
    steps.flatMap((s) => [...(s.command ?? '').matchAll(/\{([a-z_]+)\}/g)].map((m) => m[1] ?? '')),
  );
  const rollback = `/rollback ${service} --env ${env}`;
  const severity = config.rollback.incident_severity;
  return {
    service,
    env,
    strategy,
    timeout: policy.rollback.timeout.text,
    automatic: policy.rollback.automatic,
    monitoringDuration: policy.monitoring.duration.text,
    triggers: policy.rollback.triggers.map(triggerText),
    alerts: policy.monitoring.alerts.map((a) => ({ threshold: a.threshold.text, action: a.action })),
    metrics: policy.monitoring.metrics,
    postDeploymentChecks: policy.validation.post_deployment.map((c) => c.name),
    target: deploy === undefined ? 'chapter' : deploy.adapter,
    steps,
    placeholders: Object.keys(MEANINGS)
      .filter((name) => left.has(name))
      .map((name) => ({
        name,
        meaning:
          name === 'color' && strategy !== 'blue-green'
            ? `empty: ${strategy} deploys have no colours`
            : (MEANINGS[name] ?? name),
      })),
    notifications: policy.rollback.notification,
    deployChannel: settings.channel,
    incidentChannel: config.incidents.channel,
    statusChannel: config.incidents.status_channel,
    incidentSeverity: severity,
    shipgate: {
      status: `/rollback status ${service}`,
      dryRun: `${rollback} --dry-run`,
      rollback: `${rollback} --reason "<what you saw>"`,
      security: `${rollback} --security "<what happened>"`,
      declare: `/incident declare ${severity} ${service} rolled back in ${env} --service ${service}`,
      report: 'npx shipgate new incident-report <INC-id>',
    },
  };
}
