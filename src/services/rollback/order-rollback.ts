import type { Actor } from '../../core/actor.js';
import type { DeployRecord } from '../../core/deploys/deploy-record.js';
import { transition } from '../../core/deploys/deploy-state-machine.js';
import { idleColor } from '../../core/deploys/strategy-plan.js';
import { ownEntry } from '../../core/own-entry.js';
import { mention, type RichText, rich } from '../../core/text/rich-text.js';
import { applyDeployEvent, threadNote } from '../deploys/deploy-lifecycle.js';
import { atSafePoint, haltDeploy } from '../deploys/halt-deploy.js';
import type { Runtime } from '../runtime.js';
import { WATCH_TIMERS, watchSubject } from '../watch/watch-timers.js';
import { planRollback, type RollbackPlan } from './plan-rollback.js';

/** Why a rollback was ordered: who or what asked, the reason, and the authority it acted under. */
export interface RollbackOrder {
  readonly actor: Actor;
  readonly reason: string;
  /** `rollback.automatic` in `<policy file>` (sha256 …) for an automatic rollback; absent for a human's click. */
  readonly authority?: string;
  /** The trigger explanation when a watch trigger led to it. */
  readonly trigger?: string;
}

/** The rollback run's id, or why it was not ordered (production changed since the plan). */
export type OrderResult =
  | { readonly ok: true; readonly id: string }
  | { readonly ok: false; readonly problem: RichText };

const same = (a: RollbackPlan, b: RollbackPlan) =>
  a.from === b.from && a.to === b.to && a.badDeployId === b.badDeployId && a.badColor === b.badColor;

/**
 * Orders a rollback in one transaction, after planning it again against what runs now (a plan shown minutes ago
 * may be stale): the rollback run is stored `approved` (the one click was its approval), the release it undoes is
 * marked rolled back (its watch ends), the lane passes to the rollback run and stays locked after it, the bad
 * version is blocked for the service, and the `rollback.timeout` clock starts. A release still being deployed is
 * stopped at once when it waits at a safe point (a canary gate), else after the step it runs now. The caller starts
 * the run.
 */
export async function orderRollback(
  rt: Runtime,
  planned: RollbackPlan,
  order: RollbackOrder,
): Promise<OrderResult> {
  return await rt.tx.transaction(async (): Promise<OrderResult> => {
    const again = await planRollback(rt, { service: planned.service, env: planned.env, to: planned.to });
    if (!again.ok) return { ok: false, problem: again.problem };
    if (!same(again.plan, planned))
      return {
        ok: false,
        problem: rich`${planned.env} changed since this plan was made (it now runs ${again.plan.from}); run /rollback again`,
      };
    const plan = again.plan;
    const now = rt.clock.now();
    const created = transition(undefined, 'order_rollback');
    if (!created.ok) throw new Error(created.reason);
    const id = await rt.deploys.nextId(now.getUTCFullYear());
    const channel = ownEntry(rt.config.config.services, plan.service)?.channel ?? '#deploys';
    const record: DeployRecord = {
      id,
      service: plan.service,
      env: plan.env,
      version: plan.to,
      previousVersion: plan.from,
      bump: 'patch',
      strategy: plan.strategy,
      state: created.state,
      phase: 'awaiting',
      requester: order.actor.id,
      channel,
      emergencyReason: undefined,
      needsReview: false,
      requiredRoles: [],
      onCall: { members: [], source: 'config' },
      validations: [],
      steps: plan.steps.map((s) => ({ ...s, state: 'pending' })),
      liveColor: plan.badColor,
      targetColor: plan.strategy === 'blue-green' ? idleColor(plan.badColor) : undefined,
      outcome: undefined,
      createdAt: now,
      updatedAt: now,
      finishedAt: undefined,
      kind: 'rollback',
      ...(plan.badDeployId ? { rollbackOf: plan.badDeployId } : {}),
    };
    await rt.deploys.insert(record);
    await rt.events.append({
      at: now,
      actor: order.actor,
      subject: id,
      type: 'deploy.order_rollback',
      payload: {
        from: plan.from,
        to: plan.to,
        reason: order.reason,
        rollbackOf: plan.badDeployId ?? null,
        ...(order.authority ? { authority: order.authority } : {}),
        ...(order.trigger ? { trigger: order.trigger } : {}),
      },
    });
    await rt.notifier.redraw('deploy', id, now);
    const bad = plan.badDeployId ? await rt.deploys.get(plan.badDeployId) : undefined;
    if (bad?.state === 'running') {
      await rt.deploys.releaseLane(plan.service, plan.env, bad.id);
      await rt.events.append({
        at: now,
        actor: order.actor,
        subject: bad.id,
        type: 'deploy.halt_requested',
        payload: { rollback: id, reason: order.reason },
      });
    } else if (bad) {
      await rt.timers.cancelFor(watchSubject(bad.id), WATCH_TIMERS.sample);
      await applyDeployEvent(
        rt,
        bad.id,
        'roll_back',
        order.actor,
        {
          outcome: `rolled back by ${id}: ${order.reason}`,
          ...(bad.watch
            ? { watch: { ...bad.watch, state: 'rolled_back', endedAt: now, outcome: order.reason } }
            : {}),
        },
        { rollback: id, reason: order.reason },
      );
      await rt.notifier.redraw('watch-report', bad.id, now);
      await rt.notifier.redraw('watch-decision', bad.id, now);
      await rt.deploys.releaseLane(plan.service, plan.env, bad.id);
    }
    if (!(await rt.deploys.acquireLane(plan.service, plan.env, id, now)))
      throw new Error(`${plan.service}/${plan.env} lane is held; the re-plan should have refused`);
    await rt.deploys.block({
      service: plan.service,
      env: plan.env,
      version: plan.from,
      blockedBy: order.authority ? `automatic rollback under ${order.authority}` : order.actor.id,
      reason: order.reason,
      deployId: id,
      at: now,
    });
    await rt.timers.arm(WATCH_TIMERS.rollbackTimeout, id, new Date(now.getTime() + plan.timeoutMs), {
      timeoutMs: plan.timeoutMs,
    });
    if (bad?.state === 'running') {
      if (atSafePoint(bad)) await haltDeploy(rt, bad.id, id);
      else
        await threadNote(
          rt,
          bad.id,
          rich`:octagonal_sign: ${id} rolls ${plan.service} back to ${plan.to}: ${bad.id} stops after the step running now, then what it did is undone.`,
        );
    }
    const by = order.actor.kind === 'human' ? rich` (by ${mention(order.actor.id)})` : rich``;
    if (bad)
      await threadNote(rt, bad.id, rich`:rewind: Rolling back to ${plan.to}: ${id} — ${order.reason}${by}`);
    return { ok: true, id };
  });
}
