import { SHIPGATE } from '../../core/actor.js';
import type { StepContext } from '../../core/deploys/deploy-types.js';
import type { ValidationResult } from '../../store/deploy-repository.js';
import { armApprovalTimers } from './approval-timers.js';
import type { DeployContext } from './deploy-context.js';
import { releaseLane } from './deploy-lanes.js';
import { applyDeployEvent, recordDeployChange, tellUser, threadNote } from './deploy-lifecycle.js';
import { ON_CALL_ROLE } from './deploy-view.js';
import { executeDeploy } from './execute-deploy.js';

/** The step context of a deploy, as commands and webhooks receive it. */
export function stepContextOf(deploy: {
  id: string;
  service: string;
  version: string;
  previousVersion: string | undefined;
  env: string;
}): StepContext {
  return {
    deployId: deploy.id,
    service: deploy.service,
    version: deploy.version,
    previousVersion: deploy.previousVersion,
    env: deploy.env,
  };
}

/**
 * Runs the environment's pre-deployment validations (chapter 3.4) for a deploy in `validating`, one by one with their
 * timeouts, showing each result in the message. A required check that fails (or is not bound to anything) refuses
 * the deploy with its output's last lines and frees the lane; otherwise the approval request opens with its timers.
 */
export async function startValidations(ctx: DeployContext, id: string): Promise<void> {
  const deploy = ctx.deploys.get(id);
  const policy = deploy && ctx.config.environments.get(deploy.env);
  const service = deploy && ctx.config.config.services[deploy.service];
  if (deploy?.state !== 'validating' || !policy || !service) return;
  ctx.sync.flush();
  const validator = ctx.validatorFor(deploy.service);
  const results: ValidationResult[] = [];
  for (const check of policy.validation.pre_deployment) {
    if (ctx.deploys.get(id)?.state !== 'validating') return;
    const outcome = validator.has(check.name)
      ? await validator.run(check.name, stepContextOf(deploy))
      : {
          ok: false,
          summary: `not bound to a command or check for ${deploy.service}`,
          output: '',
          durationMs: 0,
          timedOut: false,
        };
    const result: ValidationResult = {
      name: check.name,
      level: check.level as 'required' | 'optional',
      ok: outcome.ok,
      summary: outcome.summary,
      output: outcome.output,
    };
    results.push(result);
    recordDeployChange(
      ctx,
      id,
      'deploy.validation',
      SHIPGATE,
      { validations: [...results] },
      { name: check.name, ok: outcome.ok, summary: outcome.summary },
    );
    if (!outcome.ok)
      threadNote(
        ctx,
        id,
        `*${check.name}* ${outcome.ok ? 'passed' : 'failed'}: ${outcome.summary}${outcome.output ? `\n\`\`\`${outcome.output}\`\`\`` : ''}`,
      );
    ctx.sync.flush();
  }
  if (ctx.deploys.get(id)?.state !== 'validating') return;
  const failed = results.filter((r) => !r.ok && r.level === 'required');
  if (failed.length > 0) {
    const names = failed.map((r) => r.name).join(', ');
    const refused = applyDeployEvent(ctx, id, 'validations_failed', SHIPGATE, {
      outcome: `refused: ${names} failed`,
      finishedAt: ctx.clock.now(),
    });
    const last = failed.map(
      (r) =>
        `*${r.name}*: ${r.summary}${r.output ? `\n\`\`\`${r.output.split('\n').slice(-10).join('\n')}\`\`\`` : ''}`,
    );
    tellUser(
      ctx,
      refused,
      refused.requester,
      `:x: ${id} is refused: required pre-deployment validation failed.\n${last.join('\n')}`,
    );
    await releaseLane(ctx, refused.service, refused.env, id);
    return;
  }
  const onCall = deploy.requiredRoles.includes(ON_CALL_ROLE)
    ? await ctx.onCall.resolve(service, ctx.clock.now())
    : deploy.onCall;
  if (deploy.requiredRoles.length === 0) {
    applyDeployEvent(ctx, id, 'no_approval_needed', SHIPGATE, { onCall });
    await executeDeploy(ctx, id);
    return;
  }
  ctx.db.transaction(() => {
    applyDeployEvent(ctx, id, 'validations_passed', SHIPGATE, { onCall });
    armApprovalTimers(ctx, id, policy.approval.timeout?.ms ?? 30 * 60_000);
  })();
  ctx.sync.flush();
}
