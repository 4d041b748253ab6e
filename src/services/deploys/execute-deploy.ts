import { SHIPGATE } from '../../core/actor.js';
import { checkChangeWindow } from '../../core/deploys/change-window.js';
import { idleColor, planDeploy } from '../../core/deploys/strategy-plan.js';
import type { StepRecord } from '../../store/deploy-repository.js';
import type { DeployContext } from './deploy-context.js';
import { releaseLane } from './deploy-lanes.js';
import {
  applyDeployEvent,
  recordDeployChange,
  StaleDeployError,
  tellUser,
  threadNote,
} from './deploy-lifecycle.js';
import { stepContextOf } from './validate-deploy.js';

/**
 * Runs an approved deploy: checks the change window once more (an emergency override skips only this), then the
 * strategy's steps one by one through the service's deploy target, each shown in the message with details in its
 * thread. The first failing step (non-zero exit, HTTP error, timeout) fails the deploy and frees the lane.
 * Only one caller wins the `approved → running` transition, so 20 racing clicks still run the deploy once.
 */
export async function executeDeploy(ctx: DeployContext, id: string): Promise<void> {
  const approved = ctx.deploys.get(id);
  if (approved?.state !== 'approved') return;
  const policy = ctx.config.environments.get(approved.env);
  const target = ctx.targetFor(approved.service);
  const window = checkChangeWindow(ctx.clock.now(), policy?.change_window, ctx.calendar);
  if (!approved.emergencyReason && !window.open) {
    const cancelled = applyDeployEvent(ctx, id, 'cancel', SHIPGATE, {
      outcome: `change window closed before it could start: ${window.reasons.join('; ')}`,
      finishedAt: ctx.clock.now(),
    });
    tellUser(
      ctx,
      cancelled,
      cancelled.requester,
      `:no_entry: ${id} did not start: ${cancelled.outcome}. Request it again in the next window.`,
    );
    await releaseLane(ctx, cancelled.service, cancelled.env, id);
    return;
  }
  const plan = planDeploy(approved.strategy, { liveColor: approved.liveColor });
  const targetColor = approved.strategy === 'blue-green' ? idleColor(approved.liveColor) : undefined;
  let steps: StepRecord[] = plan.map((s) => ({ ...s, state: 'pending' }));
  try {
    applyDeployEvent(ctx, id, 'start', SHIPGATE, { steps, targetColor }, { steps: plan.map((s) => s.id) });
  } catch (err) {
    if (err instanceof StaleDeployError) return;
    throw err;
  }
  ctx.sync.flush();
  const context = stepContextOf(approved);
  for (const [index, step] of plan.entries()) {
    steps = steps.map((s, i) => (i === index ? { ...s, state: 'running' } : s));
    recordDeployChange(ctx, id, 'deploy.step_started', SHIPGATE, { steps }, { step: step.id });
    ctx.sync.flush();
    const outcome =
      step.kind === 'handover' || !target
        ? {
            ok: step.kind === 'handover',
            summary:
              step.kind === 'handover'
                ? watchSummary(approved.bump, policy?.monitoring.duration.ms)
                : 'no deploy target',
            output: '',
            durationMs: 0,
            timedOut: false,
          }
        : await target.runStep(step, {
            ...context,
            ...(step.color ? { color: step.color } : {}),
            ...(step.percent !== undefined ? { percent: step.percent } : {}),
          });
    steps = steps.map((s, i) =>
      i === index ? { ...s, state: outcome.ok ? 'succeeded' : 'failed', summary: outcome.summary } : s,
    );
    recordDeployChange(
      ctx,
      id,
      outcome.ok ? 'deploy.step_succeeded' : 'deploy.step_failed',
      SHIPGATE,
      { steps },
      { step: step.id, summary: outcome.summary, timedOut: outcome.timedOut },
    );
    if (step.kind !== 'handover') {
      threadNote(
        ctx,
        id,
        `${outcome.ok ? ':white_check_mark:' : ':x:'} *${step.label}* — ${outcome.summary}${outcome.output ? `\n\`\`\`${outcome.output}\`\`\`` : ''}`,
      );
    }
    ctx.sync.flush();
    if (!outcome.ok) {
      steps = steps.map((s) => (s.state === 'pending' ? { ...s, state: 'skipped' } : s));
      const failed = applyDeployEvent(ctx, id, 'fail', SHIPGATE, {
        steps,
        outcome: `${step.label} failed: ${outcome.summary}`,
        finishedAt: ctx.clock.now(),
      });
      tellUser(
        ctx,
        failed,
        failed.requester,
        `:red_circle: ${id} failed at "${step.label}": ${outcome.summary}. See the thread for output; follow the rollback plan in the message.`,
      );
      await releaseLane(ctx, failed.service, failed.env, id);
      return;
    }
  }
  const done = applyDeployEvent(ctx, id, 'succeed', SHIPGATE, { steps, finishedAt: ctx.clock.now() });
  threadNote(
    ctx,
    id,
    `:large_green_circle: ${done.service} ${done.version} is live in ${done.env}. ${watchSummary(done.bump, policy?.monitoring.duration.ms)}.`,
  );
  await releaseLane(ctx, done.service, done.env, id);
}

function watchSummary(bump: string, durationMs: number | undefined): string {
  const minutes = (durationMs ?? 30 * 60_000) / 60_000;
  return bump === 'major' ? `extended watch: ${minutes * 2} min (MAJOR)` : `watch: ${minutes} min`;
}
