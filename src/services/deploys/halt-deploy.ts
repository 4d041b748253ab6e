import { type Actor, SHIPGATE } from '../../core/actor.js';
import type { DeployRecord, StepRecord } from '../../core/deploys/deploy-record.js';
import { haltSteps } from '../../core/deploys/halt-steps.js';
import { ownEntry } from '../../core/own-entry.js';
import { rich } from '../../core/text/rich-text.js';
import type { WatchRecord } from '../../core/watch/watch-record.js';
import type { Runtime } from '../runtime.js';
import { WATCH_TIMERS, watchSubject } from '../watch/watch-timers.js';
import { applyDeployEvent, recordDeployChange, threadNote } from './deploy-lifecycle.js';

/** A watch record without its canary gate (the gate ends with the step it judged). */
export function withoutGate(watch: WatchRecord): WatchRecord {
  const { gate: _gate, ...rest } = watch;
  return rest;
}

/**
 * The rollback run ordered against a deploy that is still running, when there is one: it holds the lane and waits
 * (`approved`) for the deploy to reach a safe point between steps.
 */
export async function pendingRollbackOf(
  rt: Runtime,
  deploy: DeployRecord,
): Promise<DeployRecord | undefined> {
  if (deploy.kind === 'rollback' || deploy.state !== 'running') return undefined;
  const holder = await rt.deploys.laneHolder(deploy.service, deploy.env);
  const run = holder && holder !== deploy.id ? await rt.deploys.get(holder) : undefined;
  return run?.kind === 'rollback' && run.rollbackOf === deploy.id && run.state === 'approved'
    ? run
    : undefined;
}

/** True when a running deploy is between steps for good: a canary gate judges it, or a human decides at one. */
export function atSafePoint(deploy: DeployRecord): boolean {
  return (
    deploy.state === 'running' &&
    deploy.watch?.gate !== undefined &&
    !deploy.steps.some((s) => s.state === 'running')
  );
}

/** Whether the service's command target records rollbacks (`document_rollback` configured). */
export function documentsRollbacks(rt: Runtime, service: string): boolean {
  const deploy = ownEntry(rt.config.config.services, service)?.deploy;
  return deploy?.adapter === 'command' && deploy.steps.document_rollback !== undefined;
}

/**
 * Stops a running deploy at a safe point for the rollback run `rollbackId` (issue #9, item 7), in one
 * transaction: the steps not run are skipped (one cut off by a restart counts as failed), the rollback run's steps
 * are re-planned from what was actually done (only that is reversed), the watch or canary gate ends, and the
 * deploy becomes `rolled_back`. The caller starts the rollback run. Returns false when it moved on meanwhile.
 */
export async function haltDeploy(
  rt: Runtime,
  id: string,
  rollbackId: string,
  cutOff?: string,
): Promise<boolean> {
  const halted = await rt.tx.transaction(async () => {
    const deploy = await rt.deploys.get(id);
    const run = await rt.deploys.get(rollbackId);
    if (deploy?.state !== 'running' || run?.state !== 'approved') return undefined;
    const steps: StepRecord[] = deploy.steps.map((s) =>
      s.state === 'pending'
        ? { ...s, state: 'skipped' }
        : s.state === 'running'
          ? { ...s, state: 'failed', summary: cutOff ?? 'cut off' }
          : s,
    );
    const reverse = haltSteps({
      strategy: deploy.strategy,
      steps,
      liveColor: deploy.liveColor,
      targetColor: deploy.targetColor,
      documents: documentsRollbacks(rt, deploy.service),
    });
    await recordDeployChange(
      rt,
      rollbackId,
      'deploy.rollback_replanned',
      SHIPGATE,
      { steps: reverse.map((s) => ({ ...s, state: 'pending' })) },
      { from: id, steps: reverse.map((s) => s.id) },
    );
    const now = rt.clock.now();
    await rt.timers.cancelFor(watchSubject(id), WATCH_TIMERS.sample);
    const actor: Actor = run.requester === SHIPGATE.id ? SHIPGATE : { id: run.requester, kind: 'human' };
    await applyDeployEvent(
      rt,
      id,
      'roll_back',
      actor,
      {
        steps,
        finishedAt: now,
        outcome: `stopped part-way and rolled back by ${rollbackId}`,
        ...(deploy.watch
          ? { watch: { ...withoutGate(deploy.watch), state: 'rolled_back', endedAt: now } }
          : {}),
      },
      {
        rollback: rollbackId,
        at: 'safe point',
        skipped: steps.filter((s) => s.state === 'skipped').map((s) => s.id),
      },
    );
    await rt.notifier.redraw('watch-report', id, now);
    await rt.notifier.redraw('watch-decision', id, now);
    return { steps, reverse };
  });
  if (!halted) return false;
  const done = halted.steps
    .filter((s) => s.state === 'succeeded' || s.state === 'failed')
    .map((s) => s.label);
  const undo = halted.reverse.map((s) => s.label);
  await threadNote(
    rt,
    id,
    rich`:octagonal_sign: Stopped at a safe point for ${rollbackId}; the steps not yet run were skipped. Done so far: ${done.join(', ') || 'nothing'}. ${undo.length ? rich`${rollbackId} undoes it: ${undo.join(' → ')}.` : rich`Nothing had reached production, so there is nothing to undo.`}`,
  );
  return true;
}
