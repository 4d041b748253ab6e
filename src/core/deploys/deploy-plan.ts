import type { EnvironmentPolicy, ValidationStep } from '../config/environment-policy-schema.js';
import { requiredRoles } from './approval-policy.js';
import type { ChangeCalendar } from './change-calendar.js';
import { type ChangeWindowStatus, checkChangeWindow } from './change-window.js';
import type { Bump, Color, PlanStep, Strategy } from './deploy-types.js';
import { planDeploy, rollbackPlan, strategyAllowed } from './strategy-plan.js';
import { type BumpCheck, computeBump } from './versioning.js';

/** What `/deploy … --dry-run` is asked about, with the config and live state the caller looked up. */
export interface DeployPlanInput {
  readonly service: string;
  readonly env: string;
  readonly version: string;
  readonly currentVersion: string | undefined;
  /** `--strategy`; the environment's `deployment_strategy` when absent. */
  readonly strategy: Strategy | undefined;
  readonly policy: EnvironmentPolicy;
  readonly bumpApprovers: Readonly<Record<Bump, string>>;
  /** The `--emergency` reason, if any. */
  readonly emergency: string | undefined;
  readonly emergencyRole?: string;
  readonly at: Date;
  readonly calendar: ChangeCalendar;
  readonly liveColor: Color | undefined;
}

/** Everything a deploy would do and need, for the Slack layer to render; `blockers` empty means it may proceed. */
export interface DeployPlanSummary {
  readonly service: string;
  readonly env: string;
  readonly version: string;
  readonly currentVersion: string | undefined;
  readonly strategy: Strategy;
  readonly bump: BumpCheck;
  readonly approval: {
    readonly required: boolean;
    readonly roles: string[];
    readonly timeout: string | undefined;
    readonly escalation: string | undefined;
  };
  readonly window: ChangeWindowStatus;
  /** A break-glass deploy: needs the emergency role and is flagged for review afterwards. */
  readonly emergency: { readonly reason: string; readonly flaggedForReview: true } | undefined;
  readonly validations: { readonly pre: ValidationStep[]; readonly post: ValidationStep[] };
  readonly steps: PlanStep[];
  readonly rollback: string[];
  /** Why the real deploy would be refused right now, one sentence each. */
  readonly blockers: string[];
}

/**
 * Describes what a deploy would do without doing it (`--dry-run`): the SemVer bump, the roles that must approve,
 * the change window, the validations, the steps of the strategy and the rollback plan, plus everything that
 * would stop it. Pure: the caller supplies the current version, live colour, calendar and time.
 */
export function describeDeployPlan(input: DeployPlanInput): DeployPlanSummary {
  const { policy, env } = input;
  const strategy = input.strategy ?? policy.deployment_strategy;
  const bump = computeBump(input.currentVersion, input.version, { service: input.service, env });
  const roles = requiredRoles({
    policyApprovers: policy.approval.approvers,
    bump: bump.ok ? bump.bump : undefined,
    bumpApprovers: input.bumpApprovers,
    emergency: input.emergency !== undefined,
    approvalRequired: policy.approval.required,
    ...(input.emergencyRole === undefined ? {} : { emergencyRole: input.emergencyRole }),
  });
  const window = checkChangeWindow(input.at, policy.change_window, input.calendar);

  const blockers: string[] = [];
  if (!bump.ok) blockers.push(bump.reason);
  const allowed = strategyAllowed(strategy, policy);
  if (!allowed.ok) blockers.push(allowed.reason);
  if (!window.open && input.emergency === undefined)
    blockers.push(
      `The ${env} change window is closed: ${window.reasons.join('; ')}. Wait for the next opening or use --emergency "<reason>".`,
    );

  return {
    service: input.service,
    env,
    version: input.version,
    currentVersion: bump.current,
    strategy,
    bump,
    approval: {
      required: roles.length > 0,
      roles,
      timeout: policy.approval.timeout?.text,
      escalation: policy.approval.escalation_on_timeout,
    },
    window,
    emergency:
      input.emergency === undefined ? undefined : { reason: input.emergency, flaggedForReview: true },
    validations: { pre: [...policy.validation.pre_deployment], post: [...policy.validation.post_deployment] },
    steps: planDeploy(strategy, { liveColor: input.liveColor }),
    rollback: rollbackPlan(strategy, {
      liveColor: input.liveColor,
      previousVersion: input.currentVersion,
      rollbackTimeout: policy.rollback.timeout,
    }),
    blockers,
  };
}
