import { SHIPGATE } from '../../core/actor.js';
import { missingRoles } from '../../core/deploys/approval-policy.js';
import { describeDuration } from '../../core/text/describe-duration.js';
import { instant, joinRich, mentionList, rich } from '../../core/text/rich-text.js';
import type { Runtime } from '../runtime.js';
import { advanceDeploy } from './advance-deploy.js';
import { cancelApprovalTimers } from './approval-clock.js';
import { DEPLOY_TIMERS } from './deploy-defaults.js';
import { applyDeployEvent, tellUser, threadNote } from './deploy-lifecycle.js';
import { membersOf } from './deploy-members.js';

const OPEN = new Set(['awaiting_approval', 'escalated']);

/** Registers what happens when an approval timer fires; each handler first checks the deploy still waits. */
export function registerApprovalTimers(rt: Runtime): void {
  rt.timers.on(DEPLOY_TIMERS.remind, async (timer) => {
    const deploy = await rt.deploys.get(timer.subject);
    if (!deploy || !OPEN.has(deploy.state)) return;
    const approvals = await rt.deploys.approvals(deploy.id);
    const approved = new Set(approvals.map((a) => a.userId));
    const who = missingRoles(deploy.requiredRoles, approvals).map((role) => {
      const people = membersOf(rt, deploy, role).filter((u) => u !== deploy.requester && !approved.has(u));
      return rich`${role}: ${mentionList(people, 'nobody available')}`;
    });
    const at = new Date(timer.dueAt.getTime() + Math.round(Number(timer.payload.timeoutMs) / 3));
    await threadNote(
      rt,
      deploy.id,
      rich`:alarm_clock: Reminder — ${deploy.id} still needs approval (${joinRich(who, ' · ')}). It escalates at ${instant(at, 'time')}.`,
    );
  });

  rt.timers.on(DEPLOY_TIMERS.escalate, async (timer) => {
    const deploy = await rt.deploys.get(timer.subject);
    if (deploy?.state !== 'awaiting_approval') return;
    const role = rt.config.environments.get(deploy.env)?.approval.escalation_on_timeout ?? 'engineering-lead';
    const timeoutMs = Number(timer.payload.timeoutMs);
    const until = new Date(rt.clock.now().getTime() + timeoutMs);
    await rt.tx.transaction(async () => {
      await applyDeployEvent(rt, deploy.id, 'escalate', SHIPGATE, { phase: 'escalated' }, { role });
      await rt.timers.arm(DEPLOY_TIMERS.expire, deploy.id, until, { timeoutMs });
    });
    const people = rt.roster.members(role).filter((u) => u !== deploy.requester);
    await threadNote(
      rt,
      deploy.id,
      rich`:rotating_light: No full approval within ${describeDuration(timeoutMs)}. Escalated to ${role}: ${mentionList(people, 'nobody')} may approve in place of the missing roles until ${instant(until, 'time')}.`,
    );
  });

  rt.timers.on(DEPLOY_TIMERS.expire, async (timer) => {
    const deploy = await rt.deploys.get(timer.subject);
    if (!deploy || !OPEN.has(deploy.state)) return;
    const expired = await rt.tx.transaction(async () => {
      await cancelApprovalTimers(rt, deploy.id);
      return await applyDeployEvent(rt, deploy.id, 'expire', SHIPGATE, {
        outcome: 'expired without the required approvals',
        finishedAt: rt.clock.now(),
      });
    });
    await tellUser(
      rt,
      expired,
      expired.requester,
      rich`:hourglass_flowing_sand: ${expired.id} expired without the required approvals; its lane is free. Request it again when the approvers are around.`,
    );
    await advanceDeploy(rt, expired.id);
  });
}
