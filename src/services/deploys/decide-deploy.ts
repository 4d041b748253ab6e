import { type Actor, SHIPGATE } from '../../core/actor.js';
import { missingRoles } from '../../core/deploys/approval-policy.js';
import { describeDeployState, transition } from '../../core/deploys/deploy-state-machine.js';
import { evaluateApproval } from '../../core/deploys/evaluate-approval.js';
import { ownEntry } from '../../core/own-entry.js';
import { toPlainText } from '../../core/text/plain-text.js';
import { mention, rich } from '../../core/text/rich-text.js';
import type { Decision } from '../answer.js';
import type { Runtime } from '../runtime.js';
import { advanceDeploy } from './advance-deploy.js';
import { cancelApprovalTimers } from './approval-clock.js';
import { ON_CALL_ROLE } from './deploy-defaults.js';
import { applyDeployEvent, recordDeployChange, tellUser, threadNote } from './deploy-lifecycle.js';
import { membersOf } from './deploy-members.js';

const OPEN = new Set(['awaiting_approval', 'escalated']);
const refusal = (message: ReturnType<typeof rich>): Decision => ({ ok: false, message });

/**
 * An Approve click. Who may approve is decided here from the stored deploy, the config's roles and the workspace's
 * own record of the approver (its kind asked of the workspace by the caller, never read from the button's payload):
 * people only, never the requester, one role per person.
 * The decision and the approval row are written in one transaction, so double clicks, 20 concurrent clicks and
 * Slack retries count once; the click that completes the approval is the only one that starts the deploy.
 */
export async function approveDeploy(rt: Runtime, id: string, approver: Actor): Promise<Decision> {
  const { id: userId, kind } = approver;
  const before = await rt.deploys.get(id);
  if (!before) return refusal(rich`${id} does not exist.`);
  if (!OPEN.has(before.state))
    return refusal(rich`${id} is no longer waiting for approval (${describeDeployState(before.state)}).`);
  const missing = missingRoles(before.requiredRoles, await rt.deploys.approvals(id));
  if (kind === 'human' && missing.includes(ON_CALL_ROLE) && !before.onCall.members.includes(userId)) {
    const service = ownEntry(rt.config.config.services, before.service);
    const fresh = service ? await rt.onCall.resolve(service, rt.clock.now()) : undefined;
    if (fresh && fresh.members.join() !== before.onCall.members.join())
      await recordDeployChange(rt, id, 'deploy.on_call_changed', SHIPGATE, { onCall: fresh }, { ...fresh });
  }
  const policy = rt.config.environments.get(before.env);
  const result = await rt.tx.transaction(async (): Promise<Decision> => {
    const deploy = await rt.deploys.get(id);
    if (!deploy || !OPEN.has(deploy.state)) return refusal(rich`${id} is no longer waiting for approval.`);
    const now = rt.clock.now();
    const decision = evaluateApproval({
      requiredRoles: deploy.requiredRoles,
      requesterId: deploy.requester,
      approvals: await rt.deploys.approvals(id),
      phase: deploy.phase,
      escalationRole: policy?.approval.escalation_on_timeout,
      membersOf: (role) => membersOf(rt, deploy, role),
      approver: { userId, kind },
      at: now,
    });
    if (!decision.ok) {
      await rt.events.append({
        at: now,
        actor: { id: userId, kind },
        subject: id,
        type: 'deploy.approval_refused',
        payload: { reason: toPlainText(decision.reason) },
      });
      return refusal(decision.reason);
    }
    const mine = decision.approvals.at(-1);
    if (
      !mine ||
      !(await rt.deploys.addApproval(id, {
        userId,
        role: decision.role,
        ...(mine.inPlaceOf ? { inPlaceOf: mine.inPlaceOf } : {}),
        at: now,
      }))
    ) {
      return refusal(rich`You already approved this deploy.`);
    }
    const actor = { id: userId, kind };
    const payload = { role: decision.role, inPlaceOf: mine.inPlaceOf ?? [], missing: decision.missing };
    if (!decision.complete) {
      await applyDeployEvent(rt, id, 'approve_partial', actor, {}, payload);
      return {
        ok: true,
        message: rich`Thanks — you approved ${id} as ${decision.role}. Still needed: ${decision.missing.join(', ')}.`,
      };
    }
    await cancelApprovalTimers(rt, id);
    await applyDeployEvent(rt, id, 'approve_complete', actor, {}, payload);
    const inPlaceOf = mine.inPlaceOf?.length ? rich` in place of ${mine.inPlaceOf.join(', ')}` : rich``;
    return {
      ok: true,
      message: rich`You approved ${id} as ${decision.role}${inPlaceOf}; every required role has approved and the deploy starts now.`,
      after: () => advanceDeploy(rt, id),
    };
  });
  rt.notifier.flush();
  return result;
}

/**
 * Whether a person may reject: anyone who could approve a required role or the escalation role, never a bot. The
 * requester withdraws with `/deploy cancel` instead.
 */
export async function mayReject(rt: Runtime, id: string, userId: string): Promise<Decision> {
  const deploy = await rt.deploys.get(id);
  if (!deploy) return refusal(rich`${id} does not exist.`);
  if (!OPEN.has(deploy.state))
    return refusal(rich`${id} is no longer waiting for a decision (${describeDeployState(deploy.state)}).`);
  if ((await rt.people.kindOf(userId, rt.clock.now())) !== 'human')
    return refusal(rich`Only people can reject deploys.`);
  if (userId === deploy.requester)
    return refusal(rich`You requested ${id}; withdraw it with \`/deploy cancel ${id}\`.`);
  const escalation = rt.config.environments.get(deploy.env)?.approval.escalation_on_timeout;
  const roles = [...deploy.requiredRoles, ...(escalation ? [escalation] : [])];
  if (!roles.some((role) => membersOf(rt, deploy, role).includes(userId)))
    return refusal(rich`Only people who can approve ${id} (${roles.join(', ')}) can reject it.`);
  return { ok: true, message: rich`` };
}

/** A rejection with its reason (from the modal): final, frees the lane, tells the requester. */
export async function rejectDeploy(
  rt: Runtime,
  id: string,
  userId: string,
  reason: string,
): Promise<Decision> {
  const allowed = await mayReject(rt, id, userId);
  if (!allowed.ok) return allowed;
  const rejected = await rt.tx.transaction(async () => {
    await cancelApprovalTimers(rt, id);
    return await applyDeployEvent(
      rt,
      id,
      'reject',
      { id: userId, kind: 'human' },
      { outcome: `rejected: ${reason}`, finishedAt: rt.clock.now() },
      { reason },
    );
  });
  await threadNote(rt, id, rich`:no_entry: Rejected by ${mention(userId)}: ${reason}`);
  await tellUser(
    rt,
    rejected,
    rejected.requester,
    rich`:no_entry: ${id} was rejected by ${mention(userId)}: ${reason}`,
  );
  rt.notifier.flush();
  return { ok: true, message: rich`You rejected ${id}.`, after: () => advanceDeploy(rt, id) };
}

/** `/deploy cancel`: the requester or a team lead withdraws a deploy that is not running. */
export async function cancelDeploy(rt: Runtime, id: string, userId: string): Promise<Decision> {
  const deploy = await rt.deploys.get(id);
  if (!deploy) return refusal(rich`${id} does not exist.`);
  const teamLeads = rt.roster.members('team-lead');
  if (userId !== deploy.requester && !teamLeads.includes(userId))
    return refusal(rich`Only the requester (${mention(deploy.requester)}) or a team lead can cancel ${id}.`);
  if (deploy.state === 'running' || deploy.state === 'approved')
    return refusal(
      rich`${id} is ${describeDeployState(deploy.state)}; it cannot be stopped halfway. If it goes wrong, follow the rollback plan in its message.`,
    );
  const event = deploy.state === 'interrupted' ? 'abandon' : 'cancel';
  if (!transition(deploy.state, event).ok)
    return refusal(rich`${id} is already ${describeDeployState(deploy.state)}.`);
  const cancelled = await rt.tx.transaction(async () => {
    await cancelApprovalTimers(rt, id);
    return await applyDeployEvent(
      rt,
      id,
      deploy.state === 'interrupted' ? 'abandon' : 'cancel',
      { id: userId, kind: 'human' },
      {
        outcome: deploy.state === 'interrupted' ? 'abandoned after an interruption' : 'cancelled',
        finishedAt: rt.clock.now(),
      },
    );
  });
  await threadNote(rt, id, rich`:heavy_multiplication_x: Cancelled by ${mention(userId)}.`);
  rt.notifier.flush();
  return {
    ok: true,
    message: rich`${id} is cancelled.`,
    after: () => advanceDeploy(rt, cancelled.id),
  };
}
