import { SHIPGATE } from '../../core/actor.js';
import type { DeployContext } from './deploy-context.js';
import { applyDeployEvent } from './deploy-lifecycle.js';
import { startValidations } from './validate-deploy.js';

/**
 * Frees a deploy's lane (service + environment) and hands it to the oldest queued request, which then starts its
 * validations and approval. Lanes are rows in SQLite, so a queue survives a restart.
 */
export async function releaseLane(
  ctx: DeployContext,
  service: string,
  env: string,
  holder: string,
): Promise<void> {
  const next = ctx.db.transaction(() => {
    ctx.deploys.releaseLane(service, env, holder);
    const first = ctx.deploys.queued(service, env)[0];
    if (!first || !ctx.deploys.acquireLane(service, env, first.id, ctx.clock.now())) return undefined;
    applyDeployEvent(ctx, first.id, 'lane_free', SHIPGATE, {}, { after: holder });
    return first.id;
  })();
  ctx.sync.flush();
  if (next) await startValidations(ctx, next);
}
