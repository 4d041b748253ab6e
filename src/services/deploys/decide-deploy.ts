import { missingRoles } from '../../core/deploys/approval-policy.js';
import { evaluateApproval } from '../../core/deploys/evaluate-approval.js';
import { ACTIVE_STATES } from '../../store/deploy-repository.js';
import { cancelApprovalTimers } from './approval-timers.js';
import type { DeployContext } from './deploy-context.js';
import { releaseLane } from './deploy-lanes.js';
import { applyDeployEvent, tellUser, threadNote } from './deploy-lifecycle.js';
import { membersOf, ON_CALL_ROLE } from './deploy-view.js';
import { executeDeploy } from './execute-deploy.js';

/** What to tell the person who clicked, and the work to run afterwards (execution once fully approved). */
export interface Decision {
  readonly ok: boolean;
  readonly message: string;
  readonly after?: () => Promise<void>;
}

const OPEN = new Set(['awaiting_approval', 'escalated']);

/**
 * An Approve click. Who may approve is decided here from the stored deploy, the config's roles and Slack's own
 * record of the user (never from the button's payload): humans only, never the requester, one role per person.
 * The decision and the approval row are written in one transaction, so double clicks, 20 concurrent clicks and
 * Slack retries count once; the click that completes the approval is the only one that starts the deploy.
 */
export async function approveDeploy(ctx: DeployContext, id: string, userId: string): Promise<Decision> {
  const before = ctx.deploys.get(id);
  if (!before) return { ok: false, message: `${id} does not exist.` };
  if (!OPEN.has(before.state))
    return {
      ok: false,
      message: `${id} is no longer waiting for approval (${before.state.replace('_', ' ')}).`,
    };
  const kind = await ctx.users.kindOf(userId, ctx.clock.now());
  const missing = missingRoles(before.requiredRoles, ctx.deploys.approvals(id));
  if (kind === 'human' && missing.includes(ON_CALL_ROLE) && !before.onCall.members.includes(userId)) {
    const service = ctx.config.config.services[before.service];
    const fresh = service ? await ctx.onCall.resolve(service, ctx.clock.now()) : undefined;
    if (fresh && fresh.members.join() !== before.onCall.members.join()) {
      ctx.db.transaction(() => ctx.deploys.update(id, { onCall: fresh }, ctx.clock.now()))();
    }
  }
  const policy = ctx.config.environments.get(before.env);
  const result = ctx.db.transaction((): Decision => {
    const deploy = ctx.deploys.get(id);
    if (!deploy || !OPEN.has(deploy.state))
      return { ok: false, message: `${id} is no longer waiting for approval.` };
    const now = ctx.clock.now();
    const decision = evaluateApproval({
      requiredRoles: deploy.requiredRoles,
      requesterId: deploy.requester,
      approvals: ctx.deploys.approvals(id),
      phase: deploy.phase,
      escalationRole: policy?.approval.escalation_on_timeout,
      membersOf: (role) => membersOf(ctx, deploy, role),
      approver: { userId, kind },
      at: now,
    });
    if (!decision.ok) {
      ctx.events.append({
        at: now,
        actor: { id: userId, kind },
        subject: id,
        type: 'deploy.approval_refused',
        payload: { reason: decision.reason },
      });
      return { ok: false, message: decision.reason };
    }
    const mine = decision.approvals.at(-1);
    if (
      !mine ||
      !ctx.deploys.addApproval(id, {
        userId,
        role: decision.role,
        ...(mine.inPlaceOf ? { inPlaceOf: mine.inPlaceOf } : {}),
        at: now,
      })
    ) {
      return { ok: false, message: 'You already approved this deploy.' };
    }
    const actor = { id: userId, kind };
    const payload = { role: decision.role, inPlaceOf: mine.inPlaceOf ?? [], missing: decision.missing };
    if (!decision.complete) {
      applyDeployEvent(ctx, id, 'approve_partial', actor, {}, payload);
      return {
        ok: true,
        message: `Thanks — you approved ${id} as ${decision.role}. Still needed: ${decision.missing.join(', ')}.`,
      };
    }
    cancelApprovalTimers(ctx, id);
    applyDeployEvent(ctx, id, 'approve_complete', actor, {}, payload);
    return {
      ok: true,
      message: `You approved ${id} as ${decision.role}${mine.inPlaceOf?.length ? ` in place of ${mine.inPlaceOf.join(', ')}` : ''}; every required role has approved and the deploy starts now.`,
      after: () => executeDeploy(ctx, id),
    };
  })();
  ctx.sync.flush();
  return result;
}

/**
 * Whether a person may reject: anyone who could approve a required role or the escalation role, never a bot. The
 * requester withdraws with `/deploy cancel` instead.
 */
export async function mayReject(ctx: DeployContext, id: string, userId: string): Promise<Decision> {
  const deploy = ctx.deploys.get(id);
  if (!deploy) return { ok: false, message: `${id} does not exist.` };
  if (!OPEN.has(deploy.state))
    return {
      ok: false,
      message: `${id} is no longer waiting for a decision (${deploy.state.replace('_', ' ')}).`,
    };
  if ((await ctx.users.kindOf(userId, ctx.clock.now())) !== 'human')
    return { ok: false, message: 'Only people can reject deploys.' };
  if (userId === deploy.requester)
    return { ok: false, message: `You requested ${id}; withdraw it with \`/deploy cancel ${id}\`.` };
  const escalation = ctx.config.environments.get(deploy.env)?.approval.escalation_on_timeout;
  const roles = [...deploy.requiredRoles, ...(escalation ? [escalation] : [])];
  if (!roles.some((role) => membersOf(ctx, deploy, role).includes(userId))) {
    return { ok: false, message: `Only people who can approve ${id} (${roles.join(', ')}) can reject it.` };
  }
  return { ok: true, message: '' };
}

/** A rejection with its reason (from the modal): final, frees the lane, tells the requester. */
export async function rejectDeploy(
  ctx: DeployContext,
  id: string,
  userId: string,
  reason: string,
): Promise<Decision> {
  const allowed = await mayReject(ctx, id, userId);
  if (!allowed.ok) return allowed;
  const rejected = ctx.db.transaction(() => {
    cancelApprovalTimers(ctx, id);
    return applyDeployEvent(
      ctx,
      id,
      'reject',
      { id: userId, kind: 'human' },
      { outcome: `rejected by <@${userId}>: ${reason}`, finishedAt: ctx.clock.now() },
      { reason },
    );
  })();
  threadNote(ctx, id, `:no_entry: Rejected by <@${userId}>: ${reason}`);
  tellUser(ctx, rejected, rejected.requester, `:no_entry: ${id} was rejected by <@${userId}>: ${reason}`);
  ctx.sync.flush();
  return {
    ok: true,
    message: `You rejected ${id}.`,
    after: () => releaseLane(ctx, rejected.service, rejected.env, id),
  };
}

/** `/deploy cancel`: the requester or a team lead withdraws a deploy that is not running. */
export async function cancelDeploy(ctx: DeployContext, id: string, userId: string): Promise<Decision> {
  const deploy = ctx.deploys.get(id);
  if (!deploy) return { ok: false, message: `${id} does not exist.` };
  const teamLeads = ctx.config.config.roles['team-lead'] ?? [];
  if (userId !== deploy.requester && !teamLeads.includes(userId)) {
    return {
      ok: false,
      message: `Only the requester (<@${deploy.requester}>) or a team lead can cancel ${id}.`,
    };
  }
  if (deploy.state === 'running')
    return {
      ok: false,
      message: `${id} is running; it cannot be cancelled halfway. Use /rollback if it goes wrong.`,
    };
  if (!ACTIVE_STATES.includes(deploy.state))
    return { ok: false, message: `${id} is already ${deploy.state}.` };
  const cancelled = ctx.db.transaction(() => {
    cancelApprovalTimers(ctx, id);
    return applyDeployEvent(
      ctx,
      id,
      deploy.state === 'interrupted' ? 'resume_failed' : 'cancel',
      { id: userId, kind: 'human' },
      {
        outcome: `cancelled by <@${userId}>`,
        finishedAt: ctx.clock.now(),
      },
    );
  })();
  threadNote(ctx, id, `:heavy_multiplication_x: Cancelled by <@${userId}>.`);
  ctx.sync.flush();
  const holder = ctx.deploys.laneHolder(cancelled.service, cancelled.env);
  return {
    ok: true,
    message: `${id} is cancelled.`,
    after: holder === id ? () => releaseLane(ctx, cancelled.service, cancelled.env, id) : async () => {},
  };
}
