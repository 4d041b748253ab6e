import { TokenizeError, tokenize } from '../commands/tokenize.js';
import type { StepKind } from '../deploys/deploy-types.js';
import { rollbackSteps } from '../deploys/rollback-steps.js';
import { planDeploy } from '../deploys/strategy-plan.js';
import { ownEntry } from '../own-entry.js';
import type { ConfigIssue, KeyPath } from './config-issue.js';
import { fillRolesDistinctly } from './distinct-approvers.js';
import type { DeploymentStrategy, EnvironmentPolicy } from './environment-policy-schema.js';
import { serviceWatchIssues } from './service-watch-issues.js';
import { BUMPS, SEVERITIES, type ServiceConfig, type ShipgateConfig } from './shipgate-config-schema.js';

/** The environment name the chapter's production rules (human approval, no `recreate`) apply to. */
export const PRODUCTION = 'production';

/**
 * The step kinds a strategy's plan runs through a deploy target's commands, read from `planDeploy` so the check and
 * the plan cannot drift apart.
 */
export function commandStepKinds(strategy: DeploymentStrategy): StepKind[] {
  return [...new Set(planDeploy(strategy, { liveColor: undefined }).map((step) => step.kind))];
}

/**
 * The step kinds a rollback of a strategy's release runs through a deploy target's commands (`document_rollback`
 * is optional), read from `rollbackSteps` so the check and the rollback plan cannot drift apart.
 */
export function rollbackStepKinds(strategy: DeploymentStrategy): StepKind[] {
  return [
    ...new Set(rollbackSteps({ strategy, badColor: undefined, documents: false }).map((step) => step.kind)),
  ];
}

/** Words that mean something only to a shell; Shipgate runs commands without one. */
const SHELL_OPERATORS = new Set(['|', '||', '&&', ';', '&', '>', '>>', '<', '2>&1']);

/** Checks one environment policy on its own: rules that need no main config. */
export function checkEnvironmentPolicy(policy: EnvironmentPolicy): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const add = (path: KeyPath, message: string) =>
    issues.push({ path, message, environment: policy.environment });
  if (policy.environment === PRODUCTION && !policy.approval.required)
    add(['approval', 'required'], 'production deploys need human approval; expected true');
  if (
    policy.environment === PRODUCTION &&
    policy.deployment_strategy === 'recreate' &&
    !policy.allow_recreate
  )
    add(
      ['deployment_strategy'],
      'recreate takes production down; use blue-green or canary, or set allow_recreate: true',
    );
  if (policy.approval.escalation_on_timeout !== undefined && policy.approval.timeout === undefined)
    add(['approval', 'escalation_on_timeout'], 'escalation needs approval.timeout to know when to escalate');
  policy.monitoring.alerts.forEach((alert, i) => {
    if (!policy.monitoring.metrics.includes(alert.threshold.metric))
      add(
        ['monitoring', 'alerts', i, 'threshold'],
        `metric "${alert.threshold.metric}" is not listed in monitoring.metrics`,
      );
  });
  return issues;
}

function list(items: readonly string[]): string {
  return items.join(', ');
}

/**
 * Checks the main config against the environment policies: every role someone must fill has members, required
 * roles can be filled by distinct people for every environment and bump, services name known environments,
 * severities escalate to known roles, blackout inputs exist, services can actually be deployed and rolled back where
 * they go (see `serviceDeployIssues`), their post-deploy watch can do what the policies ask (`serviceWatchIssues`),
 * and every rollback notification channel is configured. Includes `checkEnvironmentPolicy` for each policy.
 */
export function crossCheckConfig(
  config: ShipgateConfig,
  policies: readonly EnvironmentPolicy[],
): ConfigIssue[] {
  const issues: ConfigIssue[] = policies.flatMap(checkEnvironmentPolicy);
  const membersOf = (role: string): readonly string[] => ownEntry(config.roles, role) ?? [];
  const known = Object.keys(config.roles).sort();
  const roleProblem = (role: string, purpose: string): string | undefined => {
    if (ownEntry(config.roles, role) === undefined) return `unknown role "${role}" (roles: ${list(known)})`;
    if (membersOf(role).length === 0)
      return `role "${role}" has no members who can ${purpose}; add Slack user ids under roles.${role}`;
    return undefined;
  };
  const requireRole = (role: string, path: KeyPath, purpose: string, environment?: string) => {
    const message = roleProblem(role, purpose);
    if (message !== undefined)
      issues.push(environment === undefined ? { path, message } : { path, message, environment });
  };

  for (const bump of BUMPS) requireRole(config.bump_approvers[bump], ['bump_approvers', bump], 'approve');
  for (const policy of policies) {
    const { environment, approval } = policy;
    approval.approvers.forEach((role, i) => {
      requireRole(role, ['approval', 'approvers', i], 'approve', environment);
    });
    if (approval.escalation_on_timeout !== undefined)
      requireRole(
        approval.escalation_on_timeout,
        ['approval', 'escalation_on_timeout'],
        'approve',
        environment,
      );
    if (approval.required) issues.push(...distinctPeopleIssues(config, policy));
    if (policy.change_window?.blackout_periods.includes('holidays') && config.holidays === undefined) {
      const i = policy.change_window.blackout_periods.indexOf('holidays');
      issues.push({
        path: ['change_window', 'blackout_periods', i],
        message: 'holidays blackout needs a holiday calendar: set holidays.country in the main config',
        environment,
      });
    }
  }

  const environments = new Set(policies.map((p) => p.environment));
  for (const [name, service] of Object.entries(config.services)) {
    service.environments.forEach((env, i) => {
      if (!environments.has(env))
        issues.push({
          path: ['services', name, 'environments', i],
          message: `unknown environment "${env}" (environments: ${list([...environments].sort())})`,
        });
    });
    issues.push(
      ...serviceDeployIssues(name, service, policies),
      ...serviceWatchIssues(name, service, policies),
    );
  }
  issues.push(...notificationIssues(config, policies));
  config.incidents.outside_roles.forEach((role, i) => {
    requireRole(role, ['incidents', 'outside_roles', i], 'act on incidents from outside their channel');
  });
  for (const severity of SEVERITIES) {
    config.incidents.severities[severity].escalate_to.forEach((role, i) => {
      requireRole(role, ['incidents', 'severities', severity, 'escalate_to', i], 'be escalated to');
    });
    config.incidents.severities[severity].invite.forEach((role, i) => {
      requireRole(role, ['incidents', 'severities', severity, 'invite', i], 'be invited');
    });
  }
  return issues;
}

/**
 * A service can be deployed everywhere it goes: each required pre-deployment check of those environments is bound
 * in its `validations`, it has a deploy target where approval is required, a command target has a command for
 * every step kind the environments' strategies run when deploying and when rolling back (canary: `canary_stop`
 * and `terminate_canary`; blue-green: `switch_traffic` and `health_check`), and every command template splits into
 * arguments without a shell.
 */
function serviceDeployIssues(
  name: string,
  service: ServiceConfig,
  policies: readonly EnvironmentPolicy[],
): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const targets = policies.filter((p) => service.environments.includes(p.environment));
  const unbound = new Map<string, string[]>();
  for (const policy of targets)
    for (const check of policy.validation.pre_deployment)
      if (check.level === 'required' && !Object.hasOwn(service.validations, check.name))
        collect(unbound, check.name, policy.environment);
  for (const [check, envs] of unbound)
    issues.push({
      path: ['services', name, 'validations', check],
      message: `missing; ${name} deploys to ${list(envs)}, which ${envs.length === 1 ? 'requires' : 'require'} the pre-deployment check ${check}: bind it to a command or http check`,
    });

  const deploy = service.deploy;
  const approved = targets.filter((p) => p.approval.required).map((p) => p.environment);
  if (deploy === undefined && approved.length > 0)
    issues.push({
      path: ['services', name, 'deploy'],
      message: `missing; ${name} deploys to ${list(approved)}, where approval is required, so it needs a deploy target (adapter: command or http)`,
    });
  const templates: [KeyPath, string][] = Object.entries(service.validations).flatMap(([check, binding]) =>
    binding.command === undefined
      ? []
      : [[['services', name, 'validations', check, 'command'], binding.command]],
  );
  if (deploy?.adapter === 'command') {
    const lacking = new Map<string, string[]>();
    for (const policy of targets)
      for (const kind of commandStepKinds(policy.deployment_strategy))
        if (deploy.steps[kind] === undefined)
          collect(lacking, kind, `${policy.deployment_strategy} to ${policy.environment}`);
    for (const [kind, uses] of lacking)
      issues.push({
        path: ['services', name, 'deploy', 'steps', kind],
        message: `missing; ${name} deploys ${list(uses)}, which needs a ${kind} command`,
      });
    const rollbackLacking = new Map<string, string[]>();
    for (const policy of targets)
      for (const kind of rollbackStepKinds(policy.deployment_strategy))
        if (deploy.steps[kind] === undefined && !lacking.has(kind))
          collect(rollbackLacking, kind, `${policy.deployment_strategy} deploys to ${policy.environment}`);
    for (const [kind, uses] of rollbackLacking)
      issues.push({
        path: ['services', name, 'deploy', 'steps', kind],
        message: `missing; rolling back ${name}'s ${list(uses)} runs a ${kind} command, e.g. the chapter's scripts/${kind.replaceAll('_', '-')}.sh`,
      });
    for (const [kind, template] of Object.entries(deploy.steps))
      if (template !== undefined) templates.push([['services', name, 'deploy', 'steps', kind], template]);
  }
  for (const [path, template] of templates) {
    const message = templateProblem(template);
    if (message !== undefined) issues.push({ path, message });
  }
  return issues;
}

/**
 * `email` under a policy's `rollback.notification` needs `notifications.email` in the main file, or the mail after
 * a rollback is silently never sent; watched queries without `metrics` (prometheus or http_json) are never sampled (a warning:
 * the health check still watches, as in the sandbox).
 */
function notificationIssues(config: ShipgateConfig, policies: readonly EnvironmentPolicy[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const emailing = policies
    .filter((p) => p.rollback.notification.includes('email'))
    .map((p) => p.environment);
  if (emailing.length > 0 && config.notifications.email === undefined)
    issues.push({
      path: ['notifications', 'email'],
      message: `missing; ${list(emailing)} ${emailing.length === 1 ? 'lists' : 'list'} email under rollback.notification, so rollbacks need notifications.email { smtp_url_env, from, to }`,
    });
  const queried = Object.entries(config.services)
    .filter(([, service]) => Object.keys(service.watch?.queries ?? {}).length > 0)
    .map(([name]) => name);
  if (queried.length > 0 && config.metrics === undefined)
    issues.push({
      path: ['metrics'],
      severity: 'warning',
      message: `not set, so the watch.queries of ${list(queried)} are never sampled and metric triggers and alerts never fire; set metrics.prometheus.url or metrics.http_json.url`,
    });
  return issues;
}

function collect(groups: Map<string, string[]>, key: string, value: string): void {
  groups.set(key, [...(groups.get(key) ?? []), value]);
}

/** Why a command template cannot run as argv without a shell, if it cannot. */
function templateProblem(template: string): string | undefined {
  try {
    const operator = tokenize(template).find((word) => SHELL_OPERATORS.has(word));
    if (operator === undefined) return undefined;
    return `commands run without a shell, so "${operator}" would be passed as an argument; put pipes, redirections and command lists in a script`;
  } catch (error) {
    if (error instanceof TokenizeError) return `cannot be split into arguments: ${error.message}`;
    throw error;
  }
}

/** Required roles of an environment (and of each bump) must be fillable by distinct humans. */
function distinctPeopleIssues(config: ShipgateConfig, policy: EnvironmentPolicy): ConfigIssue[] {
  const membersOf = (role: string): readonly string[] => ownEntry(config.roles, role) ?? [];
  const fillable = (role: string) => membersOf(role).length > 0;
  const path: KeyPath = ['approval', 'approvers'];
  const describe = (roles: readonly string[], people: readonly string[]) =>
    `roles ${list(roles)} cannot be filled by distinct people: between them they have only ${list(people)}; each required role needs a different human`;

  const base = policy.approval.approvers.filter(fillable);
  const alone = fillRolesDistinctly(base, membersOf);
  if (!alone.ok)
    return [
      { path, message: describe(ordered(alone.roles, base), alone.people), environment: policy.environment },
    ];

  const issues: ConfigIssue[] = [];
  for (const bump of BUMPS) {
    const bumpRole = config.bump_approvers[bump];
    if (!fillable(bumpRole)) continue;
    const required = [...base, bumpRole];
    const filling = fillRolesDistinctly(required, membersOf);
    if (!filling.ok)
      issues.push({
        path,
        message: `for a ${bump} deploy (bump_approvers.${bump}: ${bumpRole}), ${describe(ordered(filling.roles, required), filling.people)}`,
        environment: policy.environment,
      });
  }
  return issues;
}

function ordered(roles: readonly string[], order: readonly string[]): string[] {
  return [...roles].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}
