import { SHIPGATE } from '../../core/actor.js';
import type { DeployContext } from './deploy-context.js';
import { applyDeployEvent, threadNote } from './deploy-lifecycle.js';
import { executeDeploy } from './execute-deploy.js';
import { startValidations } from './validate-deploy.js';

/**
 * After a restart: a deploy that was running is marked interrupted — its lane stays locked, because nobody knows
 * how far the target got — and its thread says what to do; validations that were cut off run again; an approved
 * deploy that had not started starts. Approval timers need nothing: they are rows and fire on their own.
 */
export async function recoverDeploys(ctx: DeployContext): Promise<void> {
  for (const deploy of ctx.deploys.inStates(['running'])) {
    const step = deploy.steps.find((s) => s.state === 'running');
    applyDeployEvent(ctx, deploy.id, 'interrupt', SHIPGATE, {
      steps: deploy.steps.map((s) =>
        s.state === 'running' ? { ...s, state: 'failed', summary: 'interrupted by a restart' } : s,
      ),
      outcome: `interrupted by a Shipgate restart${step ? ` during "${step.label}"` : ''}`,
    });
    threadNote(
      ctx,
      deploy.id,
      `:warning: Shipgate restarted while ${deploy.id} was running${step ? ` (step "${step.label}")` : ''}. The ${deploy.service}/${deploy.env} lane stays locked. Check the target: if ${deploy.version} is not fully live, follow the rollback plan. Then release the lane with \`/deploy cancel ${deploy.id}\` (requester or a team lead) and request the deploy again if needed.`,
    );
  }
  const pending = [
    ...ctx.deploys.inStates(['validating']).map((d) => startValidations(ctx, d.id)),
    ...ctx.deploys.inStates(['approved']).map((d) => executeDeploy(ctx, d.id)),
  ];
  ctx.sync.flush();
  await Promise.all(pending);
}
