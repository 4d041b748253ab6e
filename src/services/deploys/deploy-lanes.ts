import { SHIPGATE } from '../../core/actor.js';
import type { DeployRecord } from '../../core/deploys/deploy-record.js';
import { planChanges } from '../../core/deploys/plan-request.js';
import { toPlainText } from '../../core/text/plain-text.js';
import { joinRich, rich } from '../../core/text/rich-text.js';
import type { Runtime } from '../runtime.js';
import { applyDeployEvent, tellUser, threadNote } from './deploy-lifecycle.js';
import { describePlanProblem, planAgainstNow } from './replan-deploy.js';

/**
 * Takes a queued request out of the queue: re-plans it against what runs now (current version, live colour, bump
 * and so the approver roles, version still newer, change window) and either hands it the lane — recording and
 * showing what changed since it was requested — or refuses it, telling the requester why. Inside a transaction.
 */
async function leaveQueue(rt: Runtime, waiting: DeployRecord, after: string): Promise<boolean> {
  const result = await planAgainstNow(rt, { ...waiting, emergency: waiting.emergencyReason !== undefined });
  if (!result?.ok) {
    const why = result
      ? describePlanProblem(result.problem, waiting.env)
      : rich`${waiting.env} is not configured`;
    const refused = await applyDeployEvent(
      rt,
      waiting.id,
      'refuse',
      SHIPGATE,
      { outcome: `refused when it left the queue: ${toPlainText(why)}`, finishedAt: rt.clock.now() },
      { problem: result?.ok === false ? result.problem.kind : 'unconfigured' },
    );
    await tellUser(
      rt,
      refused,
      refused.requester,
      rich`:no_entry: ${waiting.id} was refused when it left the queue: ${why}`,
    );
    return false;
  }
  if (!(await rt.deploys.acquireLane(waiting.service, waiting.env, waiting.id, rt.clock.now()))) return false;
  const { plan } = result;
  const changes = planChanges(waiting, plan);
  await applyDeployEvent(
    rt,
    waiting.id,
    'lane_free',
    SHIPGATE,
    {
      previousVersion: plan.previousVersion,
      bump: plan.bump,
      requiredRoles: plan.requiredRoles,
      liveColor: plan.liveColor,
    },
    { after, changes: changes.map((c) => ({ ...c })) },
  );
  if (changes.length > 0) {
    const lines = changes.map((c) => rich`${c.field}: ${c.before} → ${c.after}`);
    await threadNote(
      rt,
      waiting.id,
      rich`:repeat: Re-planned when it left the queue — ${joinRich(lines, ' · ')}.`,
    );
  }
  return true;
}

/**
 * Frees a deploy's lane (service + environment) and hands it to the oldest queued request that still makes sense
 * now; requests that no longer do are refused on the way. Returns the deploy that now holds the lane (it is
 * validating), if any. Lanes are rows in SQLite, so a queue survives a restart.
 */
export async function releaseLane(
  rt: Runtime,
  service: string,
  env: string,
  holder: string,
): Promise<string | undefined> {
  const next = await rt.tx.transaction(async () => {
    await rt.deploys.releaseLane(service, env, holder);
    for (const waiting of await rt.deploys.queued(service, env)) {
      if ((await rt.deploys.laneHolder(service, env)) !== undefined) return undefined;
      if (await leaveQueue(rt, waiting, holder)) return waiting.id;
    }
    return undefined;
  });
  rt.notifier.flush();
  return next;
}
