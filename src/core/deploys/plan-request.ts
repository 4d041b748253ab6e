import type { EnvironmentPolicy } from '../config/environment-policy-schema.js';
import { requiredRoles } from './approval-policy.js';
import type { ChangeCalendar } from './change-calendar.js';
import { type ChangeWindowStatus, checkChangeWindow } from './change-window.js';
import type { DeployRecord, LiveState } from './deploy-record.js';
import type { Bump, Color, Strategy } from './deploy-types.js';
import { computeBump } from './versioning.js';

/** What a deploy request is planned from: the request, the policy, and what runs in the environment right now. */
export interface RequestPlanInput {
  readonly service: string;
  readonly env: string;
  readonly version: string;
  readonly strategy: Strategy;
  readonly policy: EnvironmentPolicy;
  readonly bumpApprovers: Readonly<Record<Bump, string>>;
  /** A break-glass `--emergency` request: needs the emergency role and skips the change window. */
  readonly emergency: boolean;
  /** What Shipgate's history says runs now; `undefined` before the service's first deploy. */
  readonly live: LiveState | undefined;
  readonly at: Date;
  readonly calendar: ChangeCalendar;
}

/** Why a request cannot go ahead as planned now. */
export type RequestPlanProblem =
  | { readonly kind: 'not_newer'; readonly reason: string; readonly current: string }
  | {
      readonly kind: 'window_closed';
      readonly reasons: readonly string[];
      readonly nextOpening: Date | undefined;
      readonly timeZone: string;
    };

/** The parts of a deploy that depend on what runs now, computed afresh whenever the deploy is about to act. */
export interface RequestPlan {
  readonly previousVersion: string | undefined;
  readonly bump: Bump;
  readonly requiredRoles: string[];
  /** The colour serving traffic now (blue before the first blue-green deploy). */
  readonly liveColor: Color;
  readonly window: ChangeWindowStatus;
}

/** A plan, or the problem that stops the request. */
export type RequestPlanResult =
  | { readonly ok: true; readonly plan: RequestPlan }
  | { readonly ok: false; readonly problem: RequestPlanProblem };

/**
 * Plans a deploy request against what runs now (chapter 3.4 and 4.1): the version must still be newer than the live
 * one (going back is a rollback), the bump and so the roles follow from the live version, the blue-green colour from
 * the live colour, and the change window must be open unless it is an emergency. Used when the request is made and
 * again when it leaves the queue, so a queued request never acts on a stale picture.
 */
export function planRequest(input: RequestPlanInput): RequestPlanResult {
  const bump = computeBump(input.live?.version, input.version, { service: input.service, env: input.env });
  if (!bump.ok)
    return { ok: false, problem: { kind: 'not_newer', reason: bump.reason, current: bump.current } };
  const window = checkChangeWindow(input.at, input.policy.change_window, input.calendar);
  if (!window.open && !input.emergency) {
    return {
      ok: false,
      problem: {
        kind: 'window_closed',
        reasons: window.reasons,
        nextOpening: window.nextOpening,
        timeZone: input.calendar.timeZone,
      },
    };
  }
  return {
    ok: true,
    plan: {
      previousVersion: input.live?.version,
      bump: bump.bump,
      requiredRoles: requiredRoles({
        policyApprovers: input.policy.approval.approvers,
        bump: bump.bump,
        bumpApprovers: input.bumpApprovers,
        emergency: input.emergency,
        approvalRequired: input.policy.approval.required,
      }),
      liveColor: input.live?.color ?? 'blue',
      window,
    },
  };
}

/** One field of a stored request that a re-plan changed, with its old and new value as people read them. */
export interface PlanChange {
  readonly field: 'current version' | 'live colour' | 'change' | 'approvers';
  readonly before: string;
  readonly after: string;
}

/** What a re-plan changes in a stored request (nothing when production is as it was at request time). */
export function planChanges(
  stored: Pick<DeployRecord, 'previousVersion' | 'liveColor' | 'bump' | 'requiredRoles' | 'strategy'>,
  plan: RequestPlan,
): PlanChange[] {
  const changes: PlanChange[] = [];
  const version = (v: string | undefined) => v ?? 'nothing yet';
  if (stored.previousVersion !== plan.previousVersion)
    changes.push({
      field: 'current version',
      before: version(stored.previousVersion),
      after: version(plan.previousVersion),
    });
  if (stored.strategy === 'blue-green' && (stored.liveColor ?? 'blue') !== plan.liveColor)
    changes.push({ field: 'live colour', before: stored.liveColor ?? 'blue', after: plan.liveColor });
  if (stored.bump !== plan.bump)
    changes.push({ field: 'change', before: stored.bump.toUpperCase(), after: plan.bump.toUpperCase() });
  if (stored.requiredRoles.join() !== plan.requiredRoles.join())
    changes.push({
      field: 'approvers',
      before: stored.requiredRoles.join(', ') || 'none',
      after: plan.requiredRoles.join(', ') || 'none',
    });
  return changes;
}
