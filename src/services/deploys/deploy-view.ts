import { approvalSummary } from '../../core/deploys/approval-summary.js';
import { rollbackPlan } from '../../core/deploys/strategy-plan.js';
import { deployMessage } from '../../slack/blocks/deploy-message.js';
import type { RenderedMessage } from '../../slack/message-sync.js';
import type { DeployRecord } from '../../store/deploy-repository.js';
import type { DeployContext } from './deploy-context.js';

/** The role whose members come from PagerDuty rather than from the config. */
export const ON_CALL_ROLE = 'on-call-engineer';

/** Who holds `role` for this deploy: PagerDuty's on-call (or its config fallback) for the on-call role, else config. */
export function membersOf(ctx: DeployContext, deploy: DeployRecord, role: string): readonly string[] {
  if (role === ON_CALL_ROLE) return deploy.onCall.members;
  return ctx.config.config.roles[role] ?? [];
}

/** When the current approval phase ends: the timeout after the request, then the same again after escalation. */
export function approvalDeadline(ctx: DeployContext, deploy: DeployRecord): Date | undefined {
  const pending = ctx.timers
    .pending(deploy.id)
    .filter((t) => t.kind === 'deploy.escalate' || t.kind === 'deploy.expire')
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  return pending[0]?.dueAt;
}

/** The change window as it was at request time, read from the audit trail (an override records why it was closed). */
function windowText(ctx: DeployContext, deploy: DeployRecord): string {
  if (!deploy.emergencyReason) return 'open';
  const override = ctx.events.forSubject(deploy.id).find((e) => e.type === 'deploy.emergency_override');
  const reasons = (override?.payload.window as string[] | undefined) ?? [];
  return reasons.length
    ? `closed (${reasons.join('; ')}) — emergency override`
    : 'open (emergency requested)';
}

/** Draws the deploy's live message from what is stored now. */
export function renderDeploy(ctx: DeployContext, id: string): RenderedMessage | undefined {
  const deploy = ctx.deploys.get(id);
  if (!deploy) return undefined;
  const policy = ctx.config.environments.get(deploy.env);
  const approvals = ctx.deploys.approvals(id);
  const summary = approvalSummary({
    requiredRoles: deploy.requiredRoles,
    approvals,
    requesterId: deploy.requester,
    membersOf: (role) => membersOf(ctx, deploy, role),
  });
  const escalationRole = policy?.approval.escalation_on_timeout;
  const monitoringMinutes = (policy?.monitoring.duration.ms ?? 30 * 60_000) / 60_000;
  const watch = deploy.bump === 'major' ? monitoringMinutes * 2 : monitoringMinutes;
  return deployMessage({
    deploy,
    approvals,
    roles: summary.map((line) =>
      line.status === 'approved'
        ? {
            role: line.role,
            approvedBy: line.userId,
            candidates: [],
            ...(line.escalatedBy ? { escalatedBy: line.escalatedBy } : {}),
          }
        : { role: line.role, approvedBy: undefined, candidates: line.candidates },
    ),
    window: windowText(ctx, deploy),
    rollbackPlan: rollbackPlan(deploy.strategy, {
      liveColor: deploy.liveColor ?? 'blue',
      previousVersion: deploy.previousVersion,
    }),
    expiresAt: approvalDeadline(ctx, deploy),
    escalationRole,
    escalationMembers: escalationRole ? (ctx.config.config.roles[escalationRole] ?? []) : [],
    customerNotice:
      deploy.bump === 'major'
        ? ctx.customerNotice({
            service: deploy.service,
            version: deploy.version,
            env: deploy.env,
            deploy_id: deploy.id,
          })
        : undefined,
    monitoring: `${watch} min watch after deploy${deploy.bump === 'major' ? ' (extended: MAJOR)' : ''}`,
  });
}
