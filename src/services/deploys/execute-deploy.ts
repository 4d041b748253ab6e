import { SHIPGATE } from '../../core/actor.js';
import { checkChangeWindow } from '../../core/deploys/change-window.js';
import type { DeployRecord, StepRecord } from '../../core/deploys/deploy-record.js';
import { idleColor, planDeploy } from '../../core/deploys/strategy-plan.js';
import { toPlainText } from '../../core/text/plain-text.js';
import { rich } from '../../core/text/rich-text.js';
import { admitActor } from '../oversight/admit.js';
import { approvalAuthority } from '../oversight/approval-authority.js';
import { armReleaseNotes, armReleaseTag } from '../releases/release-timers.js';
import type { Runtime } from '../runtime.js';
import { openGate } from '../watch/canary-gate.js';
import { beginWatch, captureBaseline } from '../watch/start-watch.js';
import { ROLLBACK_FINISHED } from '../watch/watch-timers.js';
import {
  applyDeployEvent,
  recordRunChange,
  StaleDeployError,
  tellUser,
  threadNote,
} from './deploy-lifecycle.js';
import { stepContextOf } from './deploy-members.js';
import { haltDeploy, pendingRollbackOf, withoutGate } from './halt-deploy.js';
import { describePlanProblem } from './replan-deploy.js';

/**
 * Why an approved deploy may not start now, or undefined: the change window closed meanwhile (an emergency override
 * skips only this check), or production is no longer what the approvers saw — the approval was given for a
 * version, a current version and a live colour, and is void once any of them changed.
 */
async function staleReason(rt: Runtime, deploy: DeployRecord) {
  const live = await rt.deploys.current(deploy.service, deploy.env);
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
 * incident) in the same transaction as its final state; one ordered against a deploy still running waits until
 * that deploy reached a safe point (it starts it then). The caller frees the lane (never a rollback run's).
 */
export async function executeDeploy(rt: Runtime, id: string): Promise<void> {
  const approved = await rt.deploys.get(id);
  if (approved?.state !== 'approved') return;
  const rollback = approved.kind === 'rollback';
  if (rollback && approved.rollbackOf && (await rt.deploys.get(approved.rollbackOf))?.state === 'running')
    return;
  const stale = rollback ? undefined : await staleReason(rt, approved);
  let authority: string | undefined;
  if (!rollback) {
    const admitted = await admitActor(
      rt,
      SHIPGATE,
      'deploy.execute',
      id,
      await approvalAuthority(rt, approved),
    );
    if (!admitted.ok) {
      const refused = await applyDeployEvent(rt, id, 'refuse', SHIPGATE, {
        outcome: `did not start: ${admitted.reason}`,
        finishedAt: rt.clock.now(),
      });
      await tellUser(
        rt,
        refused,
        refused.requester,
        rich`:no_entry: ${id} did not start: ${admitted.message}`,
      );
      return;
    }
    authority = admitted.authority;
  }
  if (stale) {
    const refused = await applyDeployEvent(rt, id, 'refuse', SHIPGATE, {
      outcome: `did not start: ${toPlainText(stale)}`,
      finishedAt: rt.clock.now(),
    });
    await tellUser(
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
  const steps: StepRecord[] = plan.map((s) => ({ ...s, state: 'pending' }));
  try {
    await rt.tx.transaction(async () => {
      const started = await applyDeployEvent(
        rt,
        id,
        'start',
        SHIPGATE,
        { steps, targetColor },
        { steps: plan.map((s) => s.id), ...(authority ? { authority } : {}) },
      );
      await armReleaseNotes(rt, started);
    });
  } catch (err) {
    if (err instanceof StaleDeployError) return;
    throw err;
  }
  rt.notifier.flush();
  if (!rollback) await captureBaseline(rt, id);
  await runSteps(rt, id, 0);
}

/**
 * Goes on with a canary whose gate at `from - 1` passed (its analysis judged the step good): the next steps run as
 * in {@link executeDeploy}. Does nothing unless the deploy still waits at exactly that gate, so a repeated timer
 * or a restart cannot run a step twice.
 */
export async function continueDeploy(rt: Runtime, id: string, from: number): Promise<void> {
  const deploy = await rt.deploys.get(id);
  if (deploy?.state !== 'running' || deploy.watch?.state !== 'gating' || deploy.watch.gate?.next !== from)
    return;
  await runSteps(rt, id, from);
}

/**
 * Stops a running deploy at this safe point when a rollback was ordered against it, and starts that rollback.
 * Returns true when it did (the caller stops).
 */
async function haltIfOrdered(rt: Runtime, id: string): Promise<boolean> {
  const deploy = await rt.deploys.get(id);
  const run = deploy ? await pendingRollbackOf(rt, deploy) : undefined;
  if (!run || !(await haltDeploy(rt, id, run.id))) return false;
  rt.notifier.flush();
  await executeDeploy(rt, run.id);
  return true;
}

/**
 * Runs a started deploy's steps from `from` on; between two steps is a safe point (a halt or a canary gate). Stops
 * quietly once the deploy is no longer running (its run was cut off and another replica interrupted it).
 */
async function runSteps(rt: Runtime, id: string, from: number): Promise<void> {
  try {
    await runStepsFrom(rt, id, from);
  } catch (err) {
    if (err instanceof StaleDeployError) return;
    throw err;
  }
}

async function runStepsFrom(rt: Runtime, id: string, from: number): Promise<void> {
  const started = await rt.deploys.get(id);
  if (started?.state !== 'running') return;
  const target = rt.targetFor(started.service);
  const rollback = started.kind === 'rollback';
  const plan = started.steps.map(({ state: _state, summary: _summary, ...step }) => step);
  let steps: StepRecord[] = [...started.steps];
  const context = stepContextOf(started);
  for (const [index, step] of plan.entries()) {
    if (index < from) continue;
    if (!rollback && (await haltIfOrdered(rt, id))) return;
    steps = steps.map((s, i) => (i === index ? { ...s, state: 'running' } : s));
    const gate = (await rt.deploys.get(id))?.watch;
    await recordRunChange(
      rt,
      id,
      'deploy.step_started',
      { steps, ...(gate?.gate ? { watch: { ...withoutGate(gate), state: 'pending' as const } } : {}) },
      { step: step.id },
    );
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
      await threadNote(
        rt,
        id,
        rich`:repeat: *${step.label}* failed (${outcome.summary}); trying it once more.`,
      );
      outcome = await run();
    }
    steps = steps.map((s, i) =>
      i === index ? { ...s, state: outcome.ok ? 'succeeded' : 'failed', summary: outcome.summary } : s,
    );
    await recordRunChange(
      rt,
      id,
      outcome.ok ? 'deploy.step_succeeded' : 'deploy.step_failed',
      { steps },
      { step: step.id, summary: outcome.summary, timedOut: outcome.timedOut },
    );
    await threadNote(
      rt,
      id,
      rich`${outcome.ok ? ':white_check_mark:' : ':x:'} *${step.label}* — ${outcome.summary}${outcome.output ? rich`\n\`\`\`${outcome.output}\`\`\`` : ''}`,
    );
    rt.notifier.flush();
    if (!outcome.ok) {
      if (!rollback && (await haltIfOrdered(rt, id))) return;
      await failDeploy(rt, id, steps, step.label, outcome.summary, rollback);
      return;
    }
    if (!rollback && isCanaryGate(started.strategy, step) && (await openGate(rt, id, steps, index))) return;
  }
  if (!rollback && (await haltIfOrdered(rt, id))) return;
  if (!rollback && (await beginWatch(rt, id, steps))) {
    await threadNote(
      rt,
      id,
      rich`:large_green_circle: ${started.service} ${started.version} is live in ${started.env}.`,
    );
    return;
  }
  const done = await rt.tx.transaction(async () => {
    const record = await applyDeployEvent(rt, id, 'succeed', SHIPGATE, {
      steps,
      finishedAt: rt.clock.now(),
      ...(rollback ? { survived: true } : {}),
    });
    if (rollback) await rt.timers.arm(ROLLBACK_FINISHED, id, rt.clock.now());
    else await armReleaseTag(rt, record);
    return record;
  });
  await threadNote(
    rt,
    id,
    rollback
      ? rich`:large_green_circle: ${done.service} ${done.version} is back in ${done.env}.`
      : rich`:large_green_circle: ${done.service} ${done.version} is live in ${done.env}.`,
  );
}

/** A canary's health check below 100 %: the step after which the analysis judges the canary. */
function isCanaryGate(strategy: string, step: { kind: string; percent?: number }): boolean {
  return (
    strategy === 'canary' && step.kind === 'health_check' && step.percent !== undefined && step.percent < 100
  );
}

async function failDeploy(
  rt: Runtime,
  id: string,
  steps: StepRecord[],
  label: string,
  summary: string,
  rollback: boolean,
): Promise<void> {
  const skipped = steps.map((s) => (s.state === 'pending' ? { ...s, state: 'skipped' as const } : s));
  const failed = await rt.tx.transaction(async () => {
    const record = await applyDeployEvent(rt, id, 'fail', SHIPGATE, {
      steps: skipped,
      outcome: `${label} failed: ${summary}`,
      finishedAt: rt.clock.now(),
    });
    if (rollback) await rt.timers.arm(ROLLBACK_FINISHED, id, rt.clock.now());
    return record;
  });
  if (rollback) return;
  await tellUser(
    rt,
    failed,
    failed.requester,
    rich`:red_circle: ${id} failed at "${label}": ${summary}. See the thread for output; follow the rollback plan in the message.`,
  );
}
