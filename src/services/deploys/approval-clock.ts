import type { Runtime } from '../runtime.js';
import { DEPLOY_TIMERS } from './deploy-defaults.js';

/**
 * Arms the approval clock of a deploy that now waits for humans: a reminder at two thirds of the timeout, then at
 * the timeout either escalation (when the environment names an `escalation_on_timeout` role) or expiry. Durable
 * timers: a restart does not reset or lose them.
 */
export async function armApprovalTimers(rt: Runtime, id: string, timeoutMs: number): Promise<void> {
  const start = rt.clock.now().getTime();
  const deploy = await rt.deploys.get(id);
  const escalation = deploy && rt.config.environments.get(deploy.env)?.approval.escalation_on_timeout;
  await rt.timers.arm(DEPLOY_TIMERS.remind, id, new Date(start + Math.round((timeoutMs * 2) / 3)), {
    timeoutMs,
  });
  await rt.timers.arm(
    escalation ? DEPLOY_TIMERS.escalate : DEPLOY_TIMERS.expire,
    id,
    new Date(start + timeoutMs),
    {
      timeoutMs,
    },
  );
}

/** Stops every approval timer of a deploy (it was decided). */
export async function cancelApprovalTimers(rt: Runtime, id: string): Promise<void> {
  for (const kind of Object.values(DEPLOY_TIMERS)) await rt.timers.cancelFor(id, kind);
}

/** When the current approval phase ends: the timeout after the request, then the same again after escalation. */
export async function approvalDeadline(rt: Runtime, id: string): Promise<Date | undefined> {
  return (await rt.timers.pending(id))
    .filter((t) => t.kind === DEPLOY_TIMERS.escalate || t.kind === DEPLOY_TIMERS.expire)
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())[0]?.dueAt;
}
