import { SHIPGATE } from '../../core/actor.js';
import { formatDuration } from '../../core/config/duration.js';
import { missingRoles } from '../../core/deploys/approval-policy.js';
import { DEPLOY_TIMERS, type DeployContext } from './deploy-context.js';
import { releaseLane } from './deploy-lanes.js';
import { applyDeployEvent, tellUser, threadNote } from './deploy-lifecycle.js';
import { membersOf } from './deploy-view.js';

const mention = (u: string) => `<@${u}>`;

/**
 * Arms the approval clock of a deploy that now waits for humans: a reminder at two thirds of the timeout, then at
 * the timeout either escalation (when the environment names an `escalation_on_timeout` role) or expiry. Durable
 * timers: a restart does not reset or lose them.
 */
export function armApprovalTimers(ctx: DeployContext, id: string, timeoutMs: number): void {
  const start = ctx.clock.now().getTime();
  const deploy = ctx.deploys.get(id);
  const escalation = deploy && ctx.config.environments.get(deploy.env)?.approval.escalation_on_timeout;
  ctx.timers.arm(DEPLOY_TIMERS.remind, id, new Date(start + Math.round((timeoutMs * 2) / 3)), { timeoutMs });
  ctx.timers.arm(
    escalation ? DEPLOY_TIMERS.escalate : DEPLOY_TIMERS.expire,
    id,
    new Date(start + timeoutMs),
    { timeoutMs },
  );
}

/** Stops every approval timer of a deploy (it was decided). */
export function cancelApprovalTimers(ctx: DeployContext, id: string): void {
  for (const kind of Object.values(DEPLOY_TIMERS)) ctx.timers.cancelFor(id, kind);
}

/** Registers what happens when an approval timer fires; each handler first checks the deploy still waits. */
export function registerApprovalTimers(ctx: DeployContext): void {
  ctx.timers.on(DEPLOY_TIMERS.remind, (timer) => {
    const deploy = ctx.deploys.get(timer.subject);
    if (!deploy || (deploy.state !== 'awaiting_approval' && deploy.state !== 'escalated')) return;
    const approvals = ctx.deploys.approvals(deploy.id);
    const missing = missingRoles(deploy.requiredRoles, approvals);
    const approved = new Set(approvals.map((a) => a.userId));
    const who = missing
      .map((role) => {
        const people = membersOf(ctx, deploy, role).filter((u) => u !== deploy.requester && !approved.has(u));
        return `${role}: ${people.length ? people.map(mention).join(' or ') : 'nobody available'}`;
      })
      .join(' · ');
    const left = formatDuration(Math.round(Number(timer.payload.timeoutMs) / 3));
    threadNote(
      ctx,
      deploy.id,
      `:alarm_clock: Reminder — ${deploy.id} still needs approval (${who}). It escalates in ${left}.`,
    );
  });

  ctx.timers.on(DEPLOY_TIMERS.escalate, (timer) => {
    const deploy = ctx.deploys.get(timer.subject);
    if (deploy?.state !== 'awaiting_approval') return;
    const role =
      ctx.config.environments.get(deploy.env)?.approval.escalation_on_timeout ?? 'engineering-lead';
    const timeoutMs = Number(timer.payload.timeoutMs);
    ctx.db.transaction(() => {
      applyDeployEvent(ctx, deploy.id, 'escalate', SHIPGATE, { phase: 'escalated' }, { role });
      ctx.timers.arm(DEPLOY_TIMERS.expire, deploy.id, new Date(ctx.clock.now().getTime() + timeoutMs), {
        timeoutMs,
      });
    })();
    const people = (ctx.config.config.roles[role] ?? []).filter((u) => u !== deploy.requester);
    threadNote(
      ctx,
      deploy.id,
      `:rotating_light: No full approval within ${formatDuration(timeoutMs)}. Escalated to ${role}: ${people.map(mention).join(' or ') || 'nobody'} may approve in place of the missing roles within ${formatDuration(timeoutMs)}.`,
    );
  });

  ctx.timers.on(DEPLOY_TIMERS.expire, async (timer) => {
    const deploy = ctx.deploys.get(timer.subject);
    if (!deploy || (deploy.state !== 'awaiting_approval' && deploy.state !== 'escalated')) return;
    const expired = ctx.db.transaction(() => {
      cancelApprovalTimers(ctx, deploy.id);
      return applyDeployEvent(ctx, deploy.id, 'expire', SHIPGATE, {
        outcome: 'expired without the required approvals',
        finishedAt: ctx.clock.now(),
      });
    })();
    tellUser(
      ctx,
      expired,
      expired.requester,
      `:hourglass_flowing_sand: ${expired.id} expired without the required approvals; its lane is free. Request it again when the approvers are around.`,
    );
    await releaseLane(ctx, expired.service, expired.env, expired.id);
  });
}
