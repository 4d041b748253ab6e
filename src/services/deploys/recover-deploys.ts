import { SHIPGATE } from '../../core/actor.js';
import { rich } from '../../core/text/rich-text.js';
import type { Runtime } from '../runtime.js';
import { advanceDeploy } from './advance-deploy.js';
import { applyDeployEvent, threadNote } from './deploy-lifecycle.js';
import { atSafePoint, haltDeploy, pendingRollbackOf } from './halt-deploy.js';

/**
 * After a restart: a deploy waiting at a canary gate goes on waiting (its samples are timer rows); one a rollback
 * was ordered against stops here, its cut-off step counted as done, and the rollback run starts below; any other
 * deploy that was running is marked interrupted — its lane stays locked, because nobody knows
 * how far the target got — and its thread says what to do; validations that were cut off run again; an approved
 * deploy that had not started is re-checked and starts. Approval timers need nothing: they are rows and fire on
 * their own.
 */
export async function recoverDeploys(rt: Runtime): Promise<void> {
  for (const deploy of await rt.deploys.inStates(['running'])) {
    const ordered = await pendingRollbackOf(rt, deploy);
    if (ordered) {
      await haltDeploy(rt, deploy.id, ordered.id, 'interrupted by a Shipgate restart');
      continue;
    }
    if (atSafePoint(deploy)) continue;
    const step = deploy.steps.find((s) => s.state === 'running');
    await applyDeployEvent(rt, deploy.id, 'interrupt', SHIPGATE, {
      steps: deploy.steps.map((s) =>
        s.state === 'running' ? { ...s, state: 'failed', summary: 'interrupted by a restart' } : s,
      ),
      outcome: `interrupted by a Shipgate restart${step ? ` during "${step.label}"` : ''}`,
    });
    const during = step ? rich` (step "${step.label}")` : rich``;
    await threadNote(
      rt,
      deploy.id,
      rich`:warning: Shipgate restarted while ${deploy.id} was running${during}. The ${deploy.service}/${deploy.env} lane stays locked. Check the target: if ${deploy.version} is not fully live, follow the rollback plan. Then release the lane with \`/deploy cancel ${deploy.id}\` (requester or a team lead) and request the deploy again if needed.`,
    );
  }
  const pending = (await rt.deploys.inStates(['validating', 'approved'])).map((d) => advanceDeploy(rt, d.id));
  rt.notifier.flush();
  await Promise.all(pending);
}
