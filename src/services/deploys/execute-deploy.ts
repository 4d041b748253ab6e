import { SHIPGATE } from '../../core/actor.js';
import { checkChangeWindow } from '../../core/deploys/change-window.js';
import type { DeployRecord, StepRecord } from '../../core/deploys/deploy-record.js';
import { idleColor, planDeploy } from '../../core/deploys/strategy-plan.js';
import { toPlainText } from '../../core/text/plain-text.js';
import { rich } from '../../core/text/rich-text.js';
import type { Runtime } from '../runtime.js';
import { beginWatch, captureBaseline } from '../watch/start-watch.js';
import { ROLLBACK_FINISHED } from '../watch/watch-timers.js';
import {
  applyDeployEvent,
  recordDeployChange,
  StaleDeployError,
  tellUser,
  threadNote,
} from './deploy-lifecycle.js';
import { stepContextOf } from './deploy-members.js';
import { describePlanProblem } from './replan-deploy.js';

/**
 * Why an approved deploy may not start now, or undefined: the change window closed meanwhile (an emergency override
 * skips only this check), or production is no longer what the approvers saw — the approval was given for a
 * version, a current version and a live colour, and is void once any of them changed.
 */
function staleReason(rt: Runtime, deploy: DeployRecord) {
  const live = rt.deploys.current(deploy.service, deploy.env);
  const liveColor = live?.color ?? 'blue';
  if (live?.version !== deploy.previousVersion)
    return rich`${deploy.env} now runs ${live?.version ?? 'nothing'}, not the ${deploy.previousVersion ?? 'nothing'} it was approved against; the approvals are void`;
  if (deploy.strategy === 'blue-green' && liveColor !== (deploy.liveColor ?? 'blue'))
    return rich`traffic is now on ${liveColor}, not ${deploy.liveColor ?? 'blue'} as when it was approved; the approvals are void`;
  const policy = rt.config.environments.get(deploy.env);
  const window = checkChangeWindow(rt.clock.now(), policy?.change_window, rt.calendar);
  if (deploy.emergencyReason || window.open) return undefined;
  const problem = { kind: 'window_closed' as const, ...window, timeZone: rt.calendar.timeZone };
  return rich`the change window closed before it could start. ${describePlanProblem(problem, deploy.env)}`;
}

/**
 * Runs an approved deploy: re-checks the plan (window, current version, live colour), then the strategy's steps one
 * by one through the service's deploy target, each shown in the message with details in its thread. The first
 * failing step (non-zero exit, HTTP error, timeout) fails the deploy. Only one caller wins the `approved → running`
 * transition, so 20 racing clicks still run the deploy once. The baseline is captured before the first step (before
 * traffic moves); a watched service then goes to `watching`, others to `succeeded`. A rollback run (re-planned when
 * it was ordered) runs its stored steps, each failing one once more, and arms its follow-up (notifications, the
 * incident) in the same transaction as its final state. The caller frees the lane (never a rollback run's).
 */
export async function executeDeploy(rt: Runtime, id: string): Promise<void> {
  const approved = rt.deploys.get(id);
  if (approved?.state !== 'approved') return;
  const target = rt.targetFor(approved.service);
  const rollback = approved.kind === 'rollback';
  const stale = rollback ? undefined : staleReason(rt, approved);
  if (stale) {
    const refused = applyDeployEvent(rt, id, 'refuse', SHIPGATE, {
      outcome: `did not start: ${toPlainText(stale)}`,
      finishedAt: rt.clock.now(),
    });
    tellUser(
      rt,
      refused,
      refused.requester,
      rich`:no_entry: ${id} did not start: ${stale}. Request it again.`,
    );
    return;
  }
  const plan = rollback
    ? approved.steps.map(({ state: _state, summary: _summary, ...step }) => step)
    : planDeploy(approved.strategy, { liveColor: approved.liveColor });
  const targetColor = approved.strategy === 'blue-green' ? idleColor(approved.liveColor) : undefined;
  let steps: StepRecord[] = plan.map((s) => ({ ...s, state: 'pending' }));
  try {
    applyDeployEvent(rt, id, 'start', SHIPGATE, { steps, targetColor }, { steps: plan.map((s) => s.id) });
  } catch (err) {
    if (err instanceof StaleDeployError) return;
    throw err;
  }
  rt.notifier.flush();
  if (!rollback) await captureBaseline(rt, id);
  const context = stepContextOf(approved);
  for (const [index, step] of plan.entries()) {
    steps = steps.map((s, i) => (i === index ? { ...s, state: 'running' } : s));
    recordDeployChange(rt, id, 'deploy.step_started', SHIPGATE, { steps }, { step: step.id });
    rt.notifier.flush();
    const run = () =>
      target
        ? target.runStep(step, {
            ...context,
            ...(step.color ? { color: step.color } : {}),
            ...(step.percent !== undefined ? { percent: step.percent } : {}),
          })
        : Promise.resolve({
            ok: false,
            summary: 'no deploy target',
            output: '',
            durationMs: 0,
            timedOut: false,
          });
    let outcome = await run();
    if (!outcome.ok && rollback) {
      threadNote(rt, id, rich`:repeat: *${step.label}* failed (${outcome.summary}); trying it once more.`);
      outcome = await run();
    }
    steps = steps.map((s, i) =>
      i === index ? { ...s, state: outcome.ok ? 'succeeded' : 'failed', summary: outcome.summary } : s,
    );
    recordDeployChange(
      rt,
      id,
      outcome.ok ? 'deploy.step_succeeded' : 'deploy.step_failed',
      SHIPGATE,
      { steps },
      { step: step.id, summary: outcome.summary, timedOut: outcome.timedOut },
    );
    threadNote(
      rt,
      id,
      rich`${outcome.ok ? ':white_check_mark:' : ':x:'} *${step.label}* — ${outcome.summary}${outcome.output ? rich`\n\`\`\`${outcome.output}\`\`\`` : ''}`,
    );
    rt.notifier.flush();
    if (!outcome.ok) {
      steps = steps.map((s) => (s.state === 'pending' ? { ...s, state: 'skipped' } : s));
      const failed = rt.tx.transaction(() => {
        const record = applyDeployEvent(rt, id, 'fail', SHIPGATE, {
          steps,
          outcome: `${step.label} failed: ${outcome.summary}`,
          finishedAt: rt.clock.now(),
        });
        if (rollback) rt.timers.arm(ROLLBACK_FINISHED, id, rt.clock.now());
        return record;
      });
      if (rollback) return;
      tellUser(
        rt,
        failed,
        failed.requester,
        rich`:red_circle: ${id} failed at "${step.label}": ${outcome.summary}. See the thread for output; follow the rollback plan in the message.`,
      );
      return;
    }
  }
  if (!rollback && beginWatch(rt, id, steps)) {
    threadNote(
      rt,
      id,
      rich`:large_green_circle: ${approved.service} ${approved.version} is live in ${approved.env}.`,
    );
    return;
  }
  const done = rt.tx.transaction(() => {
    const record = applyDeployEvent(rt, id, 'succeed', SHIPGATE, {
      steps,
      finishedAt: rt.clock.now(),
      ...(rollback ? { survived: true } : {}),
    });
    if (rollback) rt.timers.arm(ROLLBACK_FINISHED, id, rt.clock.now());
    return record;
  });
  threadNote(
    rt,
    id,
    rollback
      ? rich`:large_green_circle: ${done.service} ${done.version} is back in ${done.env}.`
      : rich`:large_green_circle: ${done.service} ${done.version} is live in ${done.env}.`,
  );
}
