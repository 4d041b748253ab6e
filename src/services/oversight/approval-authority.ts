import { missingRoles } from '../../core/deploys/approval-policy.js';
import type { DeployRecord } from '../../core/deploys/deploy-record.js';
import type { HumanDecision } from '../../core/oversight/decide-boundary.js';
import type { Runtime } from '../runtime.js';

/**
 * The human decision an approved deploy carries out, read from the stored record when Shipgate is about to start it:
 * a requester who is a person and every required role approved by a person (each asked of the workspace again now,
 * so an account turned into a bot since has no authority). Undefined when any of it is missing, so the boundary
 * refuses the start (rule `OB-DEPLOY-3`).
 */
export async function approvalAuthority(
  rt: Runtime,
  deploy: DeployRecord,
): Promise<HumanDecision | undefined> {
  const now = rt.clock.now();
  if ((await rt.people.kindOf(deploy.requester, now)) !== 'human') return undefined;
  const approvals = await rt.deploys.approvals(deploy.id);
  if (missingRoles(deploy.requiredRoles, approvals).length > 0) return undefined;
  for (const approval of approvals)
    if ((await rt.people.kindOf(approval.userId, now)) !== 'human') return undefined;
  const by = approvals.map((a) => `${a.userId} (${a.role})`).join(', ');
  return {
    authority: by
      ? `requested by ${deploy.requester}, approved by ${by}`
      : `requested by ${deploy.requester}; ${deploy.env} requires no approval`,
  };
}
