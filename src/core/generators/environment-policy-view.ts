import { PRODUCTION } from '../config/cross-check-config.js';
import { DEPLOYMENT_STRATEGIES, type DeploymentStrategy } from '../config/environment-policy-schema.js';
import type { ShipgateConfig } from '../config/shipgate-config-schema.js';
import { ownEntry } from '../own-entry.js';
import { titleCase } from './title-case.js';

/** What `shipgate new environment <name>` was asked; every unset field takes the chapter's value. */
export interface EnvironmentPolicyAsk {
  readonly name: string;
  /** A strategy name; anything else is refused with the list. */
  readonly strategy?: string | undefined;
  /** Roles that approve; set, the approval is required. */
  readonly approvers?: readonly string[] | undefined;
  /** `false` (`--no-approval`): deploys need no human approval (refused for production). */
  readonly approval?: boolean | undefined;
}

/** One `- name: level` line of `validation.pre_deployment` or `post_deployment`. */
export interface CheckLine {
  readonly name: string;
  readonly level: 'required' | 'optional';
}

/** The values `templates/environment-deployment.mustache` receives: the chapter's 3.4 format, filled in. */
export interface EnvironmentPolicyView {
  readonly title: string;
  readonly environment: string;
  readonly deployment_strategy: DeploymentStrategy;
  readonly strategy_note: string;
  readonly approval_required: boolean;
  readonly approvers: readonly string[];
  readonly approval_timeout: string | undefined;
  readonly escalation_on_timeout: string | undefined;
  readonly pre_deployment: readonly CheckLine[];
  readonly post_deployment: readonly CheckLine[];
  readonly rollback_automatic: boolean;
  readonly triggers: readonly string[];
  readonly rollback_timeout: string;
  readonly rollback_note: string;
  readonly notifications: readonly string[];
  readonly monitoring_duration: string;
  readonly monitoring_note: string;
  readonly metrics: readonly string[];
  readonly alerts: readonly { readonly threshold: string; readonly action: string }[];
  readonly allowed_days: string;
  readonly allowed_hours: string;
  readonly hours_note: string;
  readonly blackout_periods: readonly string[];
}

/** The view, or why the asked policy cannot be written. */
export type EnvironmentPolicyDraft =
  | { readonly ok: true; readonly view: EnvironmentPolicyView }
  | { readonly ok: false; readonly error: string };

/** The chapter's approver pair of 3.4, used when `--approvers` is not given and the config has both roles. */
export const CHAPTER_APPROVERS = ['team-lead', 'on-call-engineer'] as const;
/** Who a timed-out approval escalates to in the chapter's 3.4 file. */
export const CHAPTER_ESCALATION = 'engineering-lead';

const STRATEGY_NOTES: Readonly<Record<DeploymentStrategy, string>> = {
  'blue-green': 'Chapter 3.2: deploy to the idle colour, smoke-test it, switch traffic',
  canary: 'Chapter 3.3: 5% → 25% → 50% → 100% with a health check between steps',
  rolling: 'Chapter 3.1 recommendation for staging: instance by instance',
  recreate: 'Chapter 3.1: stop the old version, start the new one (downtime)',
};

const PRODUCTION_CHECKS = {
  pre: ['smoke_tests', 'integration_tests', 'security_scan', 'performance_baseline'].map(required),
  post: ['health_checks', 'smoke_tests', 'monitoring_verification', 'business_metrics'].map(required),
};
const OTHER_CHECKS = {
  pre: [required('smoke_tests'), required('integration_tests'), { name: 'security_scan', level: 'optional' }],
  post: [required('health_checks'), required('smoke_tests')],
} satisfies Record<string, CheckLine[]>;
const TRIGGERS = ['health_check_failures: 3', 'error_rate_increase: 10%', 'latency_increase: 50%'];

function required(name: string): CheckLine {
  return { name, level: 'required' };
}

function hasMembers(config: ShipgateConfig, role: string): boolean {
  return (ownEntry(config.roles, role) ?? []).length > 0;
}

/**
 * Fills the chapter's 3.4 format for a new environment from what was asked and what the main config has: an
 * environment named `production` gets the chapter's production values (human approval by the 3.4 approver pair,
 * blue-green, 5 minute rollback, 30 minute watch, Tuesday–Thursday 10:00–16:00 with blackouts), any other the
 * chapter's staging values (2.3: no approval unless approvers are named, rolling, 15 minute rollback, any day
 * 09:00–18:00). Approver roles must exist in `roles`; the escalation and the blackouts and notifications the config
 * cannot serve (no engineering-lead role, no holiday calendar, no PagerDuty, no email) are left out, so the file
 * passes `config check` as written.
 */
export function environmentPolicyView(
  ask: EnvironmentPolicyAsk,
  config: ShipgateConfig,
): EnvironmentPolicyDraft {
  const production = ask.name === PRODUCTION;
  const strategy = DEPLOYMENT_STRATEGIES.find(
    (s) => s === (ask.strategy ?? (production ? 'blue-green' : 'rolling')),
  );
  if (strategy === undefined)
    return {
      ok: false,
      error: `unknown strategy ${ask.strategy}; expected ${DEPLOYMENT_STRATEGIES.join(', ')}`,
    };
  if (production && strategy === 'recreate')
    return { ok: false, error: 'recreate takes production down; use blue-green or canary' };
  if (production && ask.approval === false)
    return { ok: false, error: 'production deploys need human approval; drop --no-approval' };
  if (ask.approval === false && ask.approvers !== undefined && ask.approvers.length > 0)
    return { ok: false, error: 'give --approvers or --no-approval, not both' };
  const approvalRequired = ask.approval !== false && (production || (ask.approvers ?? []).length > 0);
  let approvers: readonly string[] = [];
  if (approvalRequired) {
    approvers = ask.approvers?.length
      ? ask.approvers
      : CHAPTER_APPROVERS.filter((r) => hasMembers(config, r));
    if (approvers.length === 0)
      return {
        ok: false,
        error: `the config has no members in ${CHAPTER_APPROVERS.join(' or ')}; name approver roles with --approvers`,
      };
    const unknown = approvers.filter((r) => ownEntry(config.roles, r) === undefined);
    if (unknown.length > 0)
      return {
        ok: false,
        error: `unknown role ${unknown.join(', ')} (roles: ${Object.keys(config.roles).sort().join(', ')})`,
      };
  }
  const escalation =
    approvalRequired && hasMembers(config, CHAPTER_ESCALATION) && !approvers.includes(CHAPTER_ESCALATION)
      ? CHAPTER_ESCALATION
      : undefined;
  const checks = production ? PRODUCTION_CHECKS : OTHER_CHECKS;
  const notifications = production
    ? [
        'slack',
        ...(config.paging?.pagerduty ? ['pagerduty'] : []),
        ...(config.notifications.email ? ['email'] : []),
      ]
    : ['slack'];
  return {
    ok: true,
    view: {
      title: `${titleCase(ask.name)} Deployment Configuration`,
      environment: ask.name,
      deployment_strategy: strategy,
      strategy_note: STRATEGY_NOTES[strategy],
      approval_required: approvalRequired,
      approvers,
      approval_timeout: approvalRequired ? '30m' : undefined,
      escalation_on_timeout: escalation,
      pre_deployment: checks.pre,
      post_deployment: checks.post,
      rollback_automatic: true,
      triggers: TRIGGERS,
      rollback_timeout: production ? '5m' : '15m',
      rollback_note: production ? 'Must complete within 5 minutes' : `Rollback time target for ${ask.name}`,
      notifications,
      monitoring_duration: production ? '30m' : '15m',
      monitoring_note: `Monitor for ${production ? '30 minutes' : '15 minutes'} post-deploy`,
      metrics: production
        ? ['error_rate', 'latency_p95', 'latency_p99', 'throughput', 'cpu_utilization', 'memory_utilization']
        : ['error_rate', 'latency_p95', 'latency_p99', 'throughput'],
      alerts: production
        ? [
            { threshold: 'error_rate > 1%', action: 'alert_oncall' },
            { threshold: 'latency_p99 > 500ms', action: 'alert_oncall' },
          ]
        : [
            { threshold: 'error_rate > 5%', action: 'notify_channel' },
            { threshold: 'latency_p99 > 1000ms', action: 'notify_channel' },
          ],
      allowed_days: production
        ? 'tuesday, wednesday, thursday'
        : 'monday, tuesday, wednesday, thursday, friday, saturday, sunday',
      allowed_hours: production ? '10:00-16:00' : '09:00-18:00',
      hours_note: production ? 'Business hours only' : 'Business hours, any day',
      blackout_periods: production
        ? [...(config.holidays ? ['holidays'] : []), 'end_of_month', 'major_events']
        : [],
    },
  };
}
