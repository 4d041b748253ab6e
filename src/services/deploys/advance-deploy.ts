import { isFinalDeployState } from '../../core/deploys/deploy-state-machine.js';
import type { Runtime } from '../runtime.js';
import { releaseLane } from './deploy-lanes.js';
import { scheduleDeployRun } from './deploy-run.js';
import { continueDeploy, executeDeploy } from './execute-deploy.js';
import { runValidations } from './validate-deploy.js';

/**
 * Moves a deploy on without a human, durably: its run timer (`deploy.run`) is armed due now and the work runs under
 * it ({@link runDeployNow}), on whichever replica claims it.
 */
export async function advanceDeploy(rt: Runtime, id: string): Promise<void> {
  await scheduleDeployRun(rt, id);
}

/** Goes on with a canary whose gate passed, from step `next`, under the deploy's run timer. */
export async function resumeDeploy(rt: Runtime, id: string, next: number): Promise<void> {
  await scheduleDeployRun(rt, id, next);
}

/**
 * The work of a run timer: moves a deploy as far as it goes without a human — validations, then, once approved,
 * execution. When it ends (whatever the outcome) its lane is freed and the request that takes the lane over gets a
 * run timer of its own. Whatever waits for people (approval) or for a human decision (an interrupted deploy) stops
 * here, and so does a rollback run: its lane stays locked until a team lead runs `/deploy unblock <service>`.
 */
export async function runDeployNow(rt: Runtime, id: string): Promise<void> {
  for (;;) {
    const before = await rt.deploys.get(id);
    if (!before) return;
    if (before.state === 'validating') await runValidations(rt, id);
    else if (before.state === 'approved') await executeDeploy(rt, id);
    const after = await rt.deploys.get(id);
    if (!after) return;
    if (after.state !== before.state && (after.state === 'validating' || after.state === 'approved'))
      continue;
    if (
      !isFinalDeployState(after.state) ||
      (await rt.deploys.laneHolder(after.service, after.env)) !== after.id
    )
      return;
    if (after.kind === 'rollback') return;
    const next = await releaseLane(rt, after.service, after.env, after.id);
    if (next !== undefined) await scheduleDeployRun(rt, next);
    return;
  }
}

/** A run timer's work after a canary gate passed: the steps from `next`, then as {@link runDeployNow}. */
export async function resumeDeployNow(rt: Runtime, id: string, next: number): Promise<void> {
  await continueDeploy(rt, id, next);
  await runDeployNow(rt, id);
}
