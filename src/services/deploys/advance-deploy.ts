import { isFinalDeployState } from '../../core/deploys/deploy-state-machine.js';
import type { Runtime } from '../runtime.js';
import { releaseLane } from './deploy-lanes.js';
import { continueDeploy, executeDeploy } from './execute-deploy.js';
import { runValidations } from './validate-deploy.js';

/**
 * Moves a deploy as far as it goes without a human: validations, then — once approved — execution; when it ends
 * (whatever the outcome) its lane is freed and the request that takes the lane over is moved on the same way.
 * Whatever waits for people (approval) or for a human decision (an interrupted deploy) stops here, and so does a
 * rollback run: its lane stays locked until a team lead runs `/deploy unblock <service>`.
 */
export async function advanceDeploy(rt: Runtime, id: string): Promise<void> {
  let next: string | undefined = id;
  while (next !== undefined) {
    const before = await rt.deploys.get(next);
    if (!before) return;
    if (before.state === 'validating') await runValidations(rt, next);
    else if (before.state === 'approved') await executeDeploy(rt, next);
    const after = await rt.deploys.get(next);
    if (!after) return;
    if (after.state !== before.state && (after.state === 'validating' || after.state === 'approved'))
      continue;
    if (
      !isFinalDeployState(after.state) ||
      (await rt.deploys.laneHolder(after.service, after.env)) !== after.id
    )
      return;
    if (after.kind === 'rollback') return;
    next = await releaseLane(rt, after.service, after.env, after.id);
  }
}

/**
 * Goes on with a canary whose gate passed (from step `next`), then frees the lane once it ended — as
 * {@link advanceDeploy} does after a deploy runs to the end in one go.
 */
export async function resumeDeploy(rt: Runtime, id: string, next: number): Promise<void> {
  await continueDeploy(rt, id, next);
  await advanceDeploy(rt, id);
}
