import { type Actor, SHIPGATE } from '../../core/actor.js';
import type { RollbackRequest } from '../../core/commands/rollback-grammar.js';
import { describeDuration } from '../../core/text/describe-duration.js';
import { mention, type RichText, rich } from '../../core/text/rich-text.js';
import { firingLine } from '../../core/watch/format-metric.js';
import { securityFiring } from '../../core/watch/security-firing.js';
import { isWatchLive } from '../../core/watch/watch-record.js';
import type { TriggerFiring } from '../../core/watch/watch-sample.js';
import { latestRecommendation, recordRecommendationDecision } from '../agents/recommendations.js';
import { type Decision, done, list, type Outcome, type Requester, refuse } from '../answer.js';
import { advanceDeploy, resumeDeploy } from '../deploys/advance-deploy.js';
import { releaseLane } from '../deploys/deploy-lanes.js';
import { recordDeployChange, threadNote } from '../deploys/deploy-lifecycle.js';
import { INCIDENT_TIMERS } from '../incidents/incident-defaults.js';
import { admit, admitActor, boundaryDecision, boundaryOutcome, requesterActing } from '../oversight/admit.js';
import type { Runtime } from '../runtime.js';
import { finishWatch, pageAboutWatch } from '../watch/end-watch.js';
import { keepRelease, markGood } from '../watch/human-verdicts.js';
import { rollbackRefusal, teamLeadRefusal } from '../watch/rollback-deciders.js';
import { takeSample } from '../watch/take-sample.js';
import { WATCH_TIMERS } from '../watch/watch-timers.js';
import { fireSecurityTrigger } from './fire-security-trigger.js';
import { orderRollback } from './order-rollback.js';
import { planRollback, type RollbackPlan } from './plan-rollback.js';
import {
  type DeclareForRollback,
  registerRollbackFollowUp,
  SECURITY_ROLLBACK,
} from './rollback-follow-up.js';
import { registerSecurityTriggerNote } from './security-trigger-note.js';

type Ask = Extract<RollbackRequest, { kind: 'rollback' }>;
const human = (userId: string): Actor => ({ id: userId, kind: 'human' });

/** What a Roll back now button carries: the plan it was shown with (re-planned and compared when clicked). */
interface PlanToken {
  readonly service: string;
  readonly env: string;
  readonly from: string;
  readonly to: string;
  readonly reason: string;
  /** `/rollback --security "<reason>"`: the human's words; the click orders it with the trigger `security_incident`. */
  readonly security?: string;
}

function planLines(plan: RollbackPlan, security: string | undefined): RichText[] {
  const incident = security ? 'a SEV-1 security incident' : 'an incident';
  return [
    ...(security ? [rich`:lock: Security rollback (trigger \`security_incident\`): ${security}`] : []),
    rich`Undo ${plan.from} (${plan.badDeployId ?? 'not deployed by Shipgate'}) and restore ${plan.to} in ${plan.env} (${plan.strategy}).`,
    ...(plan.halts
      ? [
          rich`${plan.halts} is still running: it stops at its next safe point (after the step it runs now, or at once while a canary step is judged), and only what it did is undone — the steps below are what it has done so far.`,
        ]
      : []),
    ...plan.steps.map((s, i) => rich`${i + 1}. ${s.label}`),
    rich`Must finish within rollback.timeout (${describeDuration(plan.timeoutMs)}); afterwards ${plan.from} is blocked for ${plan.service}, the lane stays locked until a team lead unblocks it, and ${incident} is declared.`,
  ];
}

/**
 * The safety loop after a deploy (issue #9): runs every watch sample, turns a fired trigger into an automatic
 * rollback (only under `rollback.automatic: true`, which names its policy file and hash as the authority) or into a
 * recommendation for humans, and serves `/rollback`, its one-click plan, the recommendation's buttons,
 * `/deploy watch stop` and `/deploy unblock`. Who may do each is decided here from the stored config roles.
 */
export class RollbackService {
  constructor(
    readonly rt: Runtime,
    declare: DeclareForRollback,
  ) {
    rt.timers.on(INCIDENT_TIMERS.securityTrigger, (timer) =>
      this.securityIncident(String(timer.payload.incident)),
    );
    registerSecurityTriggerNote(rt);
    rt.timers.on(
      WATCH_TIMERS.sample,
      (timer) =>
        takeSample(
          rt,
          String(timer.payload.deployId),
          (id, firing) => this.triggered(id, firing),
          (id, next) => resumeDeploy(rt, id, next),
          timer,
        ),
      { keepTrying: () => true },
    );
    registerRollbackFollowUp(rt, declare);
  }

  /**
   * `/rollback <service> …`: the plan, with a Roll back now button unless `--dry-run`. With `--security "<reason>"`
   * the plan is marked a security rollback and the button carries the reason (the click fires `security_incident`).
   */
  async request(ask: Ask, who: Requester): Promise<Outcome> {
    if (!ask.dryRun) {
      const admitted = await admit(this.rt, requesterActing(who), 'rollback.execute', ask.service);
      if (!admitted.ok) return boundaryOutcome(admitted);
    }
    const planned = await planRollback(this.rt, ask);
    if (!planned.ok) return refuse(planned.problem, { showUsage: planned.usage });
    const refusal = rollbackRefusal(this.rt, planned.plan.env, who.userId);
    if (refusal && !ask.dryRun) return refuse(rich`You may not roll back: ${refusal}`);
    const { plan } = planned;
    const { security } = ask;
    const token: PlanToken = {
      service: plan.service,
      env: plan.env,
      from: plan.from,
      to: plan.to,
      reason: security
        ? `security incident: ${security}`
        : (ask.reason ?? 'manual rollback (no reason given)'),
      ...(security ? { security } : {}),
    };
    const kind = security ? 'security rollback' : 'rollback';
    const title = ask.dryRun
      ? rich`Dry run — ${kind} of ${plan.service} in ${plan.env}: nothing was changed`
      : rich`${security ? 'Security rollback' : 'Rollback'} of ${plan.service} in ${plan.env}: ${plan.from} → ${plan.to}`;
    return {
      answer: {
        kind: 'rollback_plan',
        title,
        lines: planLines(plan, security),
        ...(ask.dryRun
          ? {}
          : {
              confirm: {
                value: JSON.stringify(token),
                summary: `${security ? 'Security rollback: roll' : 'Roll'} ${plan.service} back from ${plan.from} to ${plan.to} in ${plan.env}?`,
              },
            }),
      },
    };
  }

  /** The Roll back now click on a `/rollback` plan: re-checked, re-planned, and run as the clicking human. */
  async confirm(userId: string, value: string): Promise<Decision> {
    let token: PlanToken;
    try {
      token = JSON.parse(value) as PlanToken;
    } catch {
      return { ok: false, message: rich`That button does not carry a rollback plan; run /rollback again.` };
    }
    const admitted = await admit(this.rt, userId, 'rollback.execute', token.service);
    if (!admitted.ok) return boundaryDecision(admitted);
    const refusal = rollbackRefusal(this.rt, token.env, userId);
    if (refusal) return { ok: false, message: rich`You may not roll back: ${refusal}` };
    const planned = await planRollback(this.rt, { service: token.service, env: token.env, to: token.to });
    if (!planned.ok) return { ok: false, message: planned.problem };
    if (planned.plan.from !== token.from)
      return {
        ok: false,
        message: rich`${token.env} now runs ${planned.plan.from}, not the ${token.from} this plan was made for; run /rollback again.`,
      };
    if (typeof token.security === 'string')
      return this.inBackground(
        await this.order(
          planned.plan,
          { actor: human(userId), reason: token.reason, trigger: firingLine(securityFiring(token.security)) },
          true,
        ),
      );
    return this.inBackground(await this.order(planned.plan, { actor: human(userId), reason: token.reason }));
  }

  /**
   * A SEV-1 incident declared with `--security`: fires `security_incident` on the service's watched releases through
   * the same decision as a metric trigger (automatic rollback or a recommendation). Run by the incident's durable
   * timer; the incident service never calls the rollback service.
   */
  securityIncident(incidentId: string): Promise<void> {
    return fireSecurityTrigger(this.rt, incidentId, (id, firing) => this.triggered(id, firing));
  }

  /** A recommendation's or an inconclusive watch's button: roll back, keep the release, or mark it good. */
  async decide(userId: string, deployId: string, action: 'rollback' | 'keep' | 'good'): Promise<Decision> {
    const rt = this.rt;
    const deploy = await rt.deploys.get(deployId);
    if (!deploy?.watch) return { ok: false, message: rich`${deployId} has no watch to decide on.` };
    const admitted = await admit(rt, userId, 'rollback.execute', deployId);
    if (!admitted.ok) return boundaryDecision(admitted);
    const refusal = rollbackRefusal(rt, deploy.env, userId);
    if (refusal) return { ok: false, message: rich`You may not decide this: ${refusal}` };
    const state = deploy.watch.state;
    if (action === 'rollback') {
      if (state !== 'recommending' && state !== 'inconclusive')
        return { ok: false, message: rich`The watch of ${deployId} is ${state}; nothing to decide.` };
      const planned = await planRollback(rt, {
        service: deploy.service,
        env: deploy.env,
        to: deploy.previousVersion,
      });
      if (!planned.ok) return { ok: false, message: planned.problem };
      if (planned.plan.badDeployId !== deployId)
        return { ok: false, message: rich`${deployId} is no longer what runs in ${deploy.env}.` };
      const firing = deploy.watch.firing;
      return this.inBackground(
        await this.order(planned.plan, {
          actor: human(userId),
          reason: firing
            ? `recommendation accepted: ${firingLine(firing)}`
            : 'rolled back after an inconclusive watch',
          ...(firing ? { trigger: firingLine(firing) } : {}),
        }),
      );
    }
    if (action === 'keep') return await keepRelease(rt, userId, deploy);
    return await markGood(rt, userId, deploy);
  }

  /**
   * A click on an agent's recommendation (`<deploy id>|<recommendation id>`): **accept** runs what it recommends as
   * the clicking person — a rollback through the same plan and order as `/rollback`, a pause that holds the watch
   * for a decision (Roll back now / Keep), or a noted continue — and **dismiss** closes it. Only the newest open
   * recommendation can be decided, by the people who may roll back (never a bot or agent).
   */
  async decideRecommendation(userId: string, value: string, choice: 'accept' | 'dismiss'): Promise<Decision> {
    const rt = this.rt;
    const [deployId = '', recId = ''] = value.split('|');
    const deploy = await rt.deploys.get(deployId);
    const rec = deploy ? await latestRecommendation(rt, deployId) : undefined;
    if (!deploy || rec?.id !== recId || rec.decided)
      return { ok: false, message: rich`That recommendation is no longer open.` };
    const admitted = await admit(rt, userId, 'rollback.execute', deployId);
    if (!admitted.ok) return boundaryDecision(admitted);
    const refusal = rollbackRefusal(rt, deploy.env, userId);
    if (refusal) return { ok: false, message: rich`You may not decide this: ${refusal}` };
    const by = admitted.actor;
    if (choice === 'dismiss' || rec.action === 'continue') {
      const decision = choice === 'dismiss' ? 'dismissed' : 'accepted';
      await rt.tx.transaction(async () => {
        await recordRecommendationDecision(rt, rec, by, decision);
        await threadNote(rt, deployId, rich`${mention(userId)} ${decision} ${rec.id} (${rec.action}).`);
      });
      rt.notifier.flush();
      return { ok: true, message: rich`${rec.id} ${decision}; nothing else changed.` };
    }
    if (rec.action === 'pause') {
      const held = await rt.tx.transaction(async () => {
        const current = await rt.deploys.get(deployId);
        const watch = current?.watch;
        if (watch?.state !== 'watching' && watch?.state !== 'gating') return false;
        const firing: TriggerFiring = {
          trigger: 'agent_recommendation',
          rule: `pause recommended by ${rec.agent} (${rec.id}), accepted by ${userId}`,
          streak: 0,
          detail: rec.reasoning,
        };
        await recordDeployChange(
          rt,
          deployId,
          'deploy.watch_recommended',
          by,
          { watch: { ...watch, state: 'recommending', firing } },
          {
            trigger: firing.trigger,
            recommendation: rec.id,
          },
        );
        await recordRecommendationDecision(rt, rec, by, 'accepted');
        await rt.notifier.redraw('watch-decision', deployId, rt.clock.now());
        return true;
      });
      if (!held) return { ok: false, message: rich`${deployId} has no running watch to pause.` };
      rt.notifier.flush();
      return {
        ok: true,
        message: rich`The watch of ${deployId} is paused; decide with Roll back now or Keep.`,
      };
    }
    const planned = await planRollback(rt, {
      service: deploy.service,
      env: deploy.env,
      to: deploy.previousVersion,
    });
    if (!planned.ok) return { ok: false, message: planned.problem };
    if (planned.plan.badDeployId !== deployId)
      return { ok: false, message: rich`${deployId} is no longer what runs in ${deploy.env}.` };
    const ordered = await rt.tx.transaction(async () => {
      const decision = await this.order(planned.plan, {
        actor: by,
        reason: `recommendation ${rec.id} from ${rec.agent} accepted by ${userId}: ${rec.reasoning}`,
      });
      if (decision.ok) await recordRecommendationDecision(rt, rec, by, 'accepted');
      return decision;
    });
    return this.inBackground(ordered);
  }

  /** `/deploy watch stop DEP-…`: a team lead ends a watch early (recorded; the release is not marked survived). */
  async stopWatch(id: string, who: Requester): Promise<Outcome> {
    const admitted = await admit(this.rt, requesterActing(who), 'watch.stop', id);
    if (!admitted.ok) return boundaryOutcome(admitted);
    const deploy = await this.rt.deploys.get(id);
    if (!deploy) return refuse(rich`${id} does not exist.`);
    if (!isWatchLive(deploy.watch) || deploy.state !== 'watching')
      return refuse(rich`${id} has no running watch (it is ${deploy.state}).`);
    const refusal = teamLeadRefusal(this.rt, who.userId, 'stop a watch');
    if (refusal) return refuse(rich`You may not stop this watch: ${refusal}`);
    await finishWatch(this.rt, id, 'stopped', human(who.userId), `stopped by ${who.userId}`);
    return done(rich`Stopped the watch of ${id}; it is not marked survived.`);
  }

  /** `/deploy unblock <service> [<version>]`: a team lead frees the lane after a rollback, or unblocks a version. */
  async unblock(
    service: string,
    env: string | undefined,
    version: string | undefined,
    who: Requester,
  ): Promise<Outcome> {
    const rt = this.rt;
    const admitted = await admit(rt, requesterActing(who), 'config.change', service);
    if (!admitted.ok) return boundaryOutcome(admitted);
    const where = env ?? 'production';
    const refusal = teamLeadRefusal(rt, who.userId, 'unblock');
    if (refusal) return refuse(rich`You may not unblock: ${refusal}`);
    if (version !== undefined) {
      const blocked = await rt.deploys.blocked(service, where, version);
      if (!blocked) return refuse(rich`${service} ${version} is not blocked in ${where}.`);
      await rt.tx.transaction(async () => {
        await rt.deploys.unblock(service, where, version);
        await rt.events.append({
          at: rt.clock.now(),
          actor: human(who.userId),
          subject: blocked.deployId,
          type: 'deploy.version_unblocked',
          payload: { service, env: where, version },
        });
      });
      return done(rich`${service} ${version} may be deployed to ${where} again.`);
    }
    const holder = await rt.deploys.laneHolder(service, where);
    const run = holder ? await rt.deploys.get(holder) : undefined;
    if (run?.kind !== 'rollback' || run.state === 'running' || run.state === 'approved')
      return refuse(
        rich`${service}/${where} is not locked after a rollback${run ? rich` (${run.id} is ${run.state})` : ''}.`,
      );
    await rt.events.append({
      at: rt.clock.now(),
      actor: human(who.userId),
      subject: run.id,
      type: 'deploy.lane_unblocked',
      payload: { service, env: where },
    });
    const next = await releaseLane(rt, service, where, run.id);
    return done(
      rich`Freed ${service}/${where} after ${run.id}.${next ? rich` ${next} takes the lane.` : ''}`,
      next ? async () => rt.work.start('lane release', () => advanceDeploy(rt, next)) : undefined,
    );
  }

  /** `/rollback status [service]`: recent rollback runs and what is blocked. */
  async status(service: string | undefined): Promise<Outcome> {
    const runs = (await this.rt.deploys.recent(200, service))
      .filter((d) => d.kind === 'rollback')
      .slice(0, 10);
    const lines = runs.map(
      (r) =>
        rich`*${r.id}* ${r.service} ${r.previousVersion ?? '–'} → ${r.version} (${r.env}) — ${r.state}, by ${r.requester === SHIPGATE.id ? 'automatic rollback' : mention(r.requester)}`,
    );
    return list(rich`Recent rollbacks${service ? rich` of ${service}` : ''}`, lines, rich`No rollbacks yet.`);
  }

  /** A fired trigger: roll back at once under `rollback.automatic: true`, else ask the humans. */
  private async triggered(id: string, firing: TriggerFiring): Promise<void> {
    const rt = this.rt;
    const deploy = await rt.deploys.get(id);
    if (!deploy) return;
    const policy = rt.config.environments.get(deploy.env);
    if (policy?.rollback.automatic) {
      const file = rt.config.environmentFiles.get(deploy.env) ?? deploy.env;
      const hash = rt.config.environmentHashes?.get(deploy.env);
      const planned = await planRollback(rt, {
        service: deploy.service,
        env: deploy.env,
        to: deploy.previousVersion,
      });
      if (planned.ok && planned.plan.badDeployId === id) {
        const decision = await this.order(planned.plan, {
          actor: SHIPGATE,
          reason: `automatic rollback — ${firingLine(firing)}`,
          authority: `rollback.automatic: true in ${file}${hash ? ` (sha256 ${hash.slice(0, 12)})` : ''}`,
          trigger: firingLine(firing),
        });
        if (decision.ok) {
          await decision.after?.();
          return;
        }
        await threadNote(rt, id, rich`:warning: The automatic rollback could not start: ${decision.message}`);
      } else if (!planned.ok)
        await threadNote(
          rt,
          id,
          rich`:warning: The automatic rollback could not be planned: ${planned.problem}`,
        );
    }
    const now = rt.clock.now();
    await rt.tx.transaction(async () => {
      const current = await rt.deploys.get(id);
      if (current?.watch?.state !== 'watching' && current?.watch?.state !== 'gating') return;
      await recordDeployChange(
        rt,
        id,
        'deploy.watch_recommended',
        SHIPGATE,
        {
          watch: { ...current.watch, state: 'recommending', firing },
        },
        { trigger: firing.trigger },
      );
      await rt.notifier.redraw('watch-decision', id, now);
      await pageAboutWatch(
        rt,
        id,
        `recommend:${firing.trigger}`,
        `${deploy.service} ${deploy.version} (${deploy.env}): rollback recommended — ${firingLine(firing)}`,
      );
    });
  }

  /**
   * A human's rollback runs as background work, as a deploy does: shutdown waits for it instead of closing the
   * database under its steps, and a failure is logged. (An automatic one runs inside its sample timer.)
   */
  private inBackground(decision: Decision): Decision {
    const after = decision.after;
    return after ? { ...decision, after: async () => this.rt.work.start('rollback', after) } : decision;
  }

  private async order(
    plan: RollbackPlan,
    order: Parameters<typeof orderRollback>[2],
    security = false,
  ): Promise<Decision> {
    const rt = this.rt;
    const admitted = await admitActor(
      rt,
      order.actor,
      'rollback.execute',
      plan.badDeployId ?? plan.service,
      order.authority ? { authority: order.authority } : undefined,
    );
    if (!admitted.ok) return boundaryDecision(admitted);
    const ordered = await rt.tx.transaction(async () => {
      const result = await orderRollback(rt, plan, order);
      if (result.ok && security)
        await rt.events.append({
          at: rt.clock.now(),
          actor: order.actor,
          subject: result.id,
          type: SECURITY_ROLLBACK,
          payload: { reason: order.reason },
        });
      return result;
    });
    if (!ordered.ok) return { ok: false, message: ordered.problem };
    return {
      ok: true,
      message: rich`:rewind: ${ordered.id} rolls ${plan.service} back to ${plan.to} in ${plan.env} now.`,
      after: async () => {
        rt.notifier.flush();
        await advanceDeploy(rt, ordered.id);
      },
    };
  }
}
