import type { DeployRecord } from '../../core/deploys/deploy-record.js';
import { formatLocalDateTime } from '../../core/deploys/local-time.js';
import {
  planRequest,
  type RequestPlanProblem,
  type RequestPlanResult,
} from '../../core/deploys/plan-request.js';
import { instant, type RichText, rich } from '../../core/text/rich-text.js';
import type { Runtime } from '../runtime.js';

/** Plans a request (new or stored) against what runs in its environment now. */
export async function planAgainstNow(
  rt: Runtime,
  request: Pick<DeployRecord, 'service' | 'env' | 'version' | 'strategy'> & { readonly emergency: boolean },
): Promise<RequestPlanResult | undefined> {
  const policy = rt.config.environments.get(request.env);
  if (!policy) return undefined;
  return planRequest({
    ...request,
    policy,
    bumpApprovers: rt.config.config.bump_approvers,
    live: await rt.deploys.current(request.service, request.env),
    at: rt.clock.now(),
    calendar: rt.calendar,
  });
}

/**
 * Why a plan cannot go ahead, for the requester: the version is no longer newer (pointing at `/rollback`), or the
 * change window is closed, with its reasons and the next opening in the window's zone and in the reader's own.
 */
export function describePlanProblem(problem: RequestPlanProblem, env: string): RichText {
  if (problem.kind === 'not_newer') return rich`${problem.reason}.`;
  const next = problem.nextOpening
    ? rich`Next opening: ${formatLocalDateTime(problem.nextOpening, problem.timeZone)} (${instant(problem.nextOpening)} your time).`
    : rich`No opening in the next 60 days.`;
  return rich`${env} is outside its change window: ${problem.reasons.join('; ')}. ${next}`;
}
