import type { Runtime } from '../runtime.js';
import { DEPLOY_RUN, runSubject, scheduleDeployRun } from './deploy-run.js';
import { interruptCutOffRun } from './interrupt-run.js';

/**
 * At start-up, for the deploys no run timer looks after (a run timer's own takeover handles the rest, on whichever
 * replica claims it — so a replica starting beside live ones never touches the deploys they run): a running deploy
 * without one gets what a cut-off run gets (`interruptCutOffRun`); a deploy validating or approved without one gets a
 * run timer, so its validations run again or it is re-checked and starts. Approval timers need nothing: they are
 * rows and fire on their own. Each decision and its timer are one transaction, so replicas starting together arm
 * one run timer per deploy.
 */
export async function recoverDeploys(rt: Runtime): Promise<void> {
  const unattended = async (id: string) =>
    !(await rt.timers.pending(runSubject(id))).some((timer) => timer.kind === DEPLOY_RUN);
  for (const deploy of await rt.deploys.inStates(['running'])) {
    const rollbackId = await rt.tx.transaction(async () => {
      if (!(await unattended(deploy.id))) return undefined;
      const current = await rt.deploys.get(deploy.id);
      if (!current) return undefined;
      const cutOff = await interruptCutOffRun(rt, current);
      return cutOff.outcome === 'halted' ? cutOff.rollbackId : undefined;
    });
    if (rollbackId) await scheduleDeployRun(rt, rollbackId);
  }
  for (const deploy of await rt.deploys.inStates(['validating', 'approved'])) {
    await rt.tx.transaction(async () => {
      if (await unattended(deploy.id)) await scheduleDeployRun(rt, deploy.id);
    });
  }
  rt.notifier.flush();
}
