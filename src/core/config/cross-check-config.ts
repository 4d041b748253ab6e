import type { ConfigIssue, KeyPath } from './config-issue.js';
import { fillRolesDistinctly } from './distinct-approvers.js';
import type { EnvironmentPolicy } from './environment-policy-schema.js';
import { BUMPS, SEVERITIES, type ShipgateConfig } from './shipgate-config-schema.js';

/** The environment name the chapter's production rules (human approval, no `recreate`) apply to. */
export const PRODUCTION = 'production';

/** Checks one environment policy on its own: rules that need no main config. */
export function checkEnvironmentPolicy(policy: EnvironmentPolicy): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const add = (path: KeyPath, message: string) =>
    issues.push({ path, message, environment: policy.environment });
  if (policy.environment === PRODUCTION && !policy.approval.required)
    add(['approval', 'required'], 'production deploys need human approval (chapter 2.2); expected true');
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
 * severities escalate to known roles, and blackout inputs exist. Includes `checkEnvironmentPolicy` for each policy.
 */
export function crossCheckConfig(
  config: ShipgateConfig,
  policies: readonly EnvironmentPolicy[],
): ConfigIssue[] {
  const issues: ConfigIssue[] = policies.flatMap(checkEnvironmentPolicy);
  const membersOf = (role: string): readonly string[] => config.roles[role] ?? [];
  const known = Object.keys(config.roles).sort();
  const roleProblem = (role: string, purpose: string): string | undefined => {
    if (!(role in config.roles)) return `unknown role "${role}" (roles: ${list(known)})`;
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
  }
  for (const severity of SEVERITIES) {
    config.incidents.severities[severity].escalate_to.forEach((role, i) => {
      requireRole(role, ['incidents', 'severities', severity, 'escalate_to', i], 'be escalated to');
    });
  }
  return issues;
}

/** Required roles of an environment (and of each bump) must be fillable by distinct humans. */
function distinctPeopleIssues(config: ShipgateConfig, policy: EnvironmentPolicy): ConfigIssue[] {
  const membersOf = (role: string): readonly string[] => config.roles[role] ?? [];
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
