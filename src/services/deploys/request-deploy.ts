import { SHIPGATE } from '../../core/actor.js';
import type { DeployRequest } from '../../core/commands/deploy-grammar.js';
import { describeDeployPlan } from '../../core/deploys/deploy-plan.js';
import type { DeployRecord } from '../../core/deploys/deploy-record.js';
import { transition } from '../../core/deploys/deploy-state-machine.js';
import { strategyAllowed } from '../../core/deploys/strategy-plan.js';
import { ownEntry } from '../../core/own-entry.js';
import { configuredChannel, mention, rich } from '../../core/text/rich-text.js';
import { done, type Outcome, type Requester, refuse } from '../answer.js';
import type { Runtime } from '../runtime.js';
import { advanceDeploy } from './advance-deploy.js';
import { DEFAULT_ENV } from './deploy-defaults.js';
import { applyDeployEvent } from './deploy-lifecycle.js';
import { describePlanProblem, planAgainstNow } from './replan-deploy.js';

type DeployAsk = Extract<DeployRequest, { kind: 'deploy' }>;

const EMERGENCY_HINT = rich` In a real emergency, add --emergency "<reason>" (needs an engineering lead and is reviewed afterwards).`;

/**
 * `/deploy <service> <version>`: checks the request against config, history, the change window and the strategy
 * rules; `--dry-run` shows the plan and stores nothing; otherwise records the deploy through the state machine
 * (queued when its lane is taken, re-planned when it leaves the queue) and starts the pre-deployment validations
 * after the answer. Every refusal says why and what to do instead.
 */
export async function requestDeploy(rt: Runtime, ask: DeployAsk, who: Requester): Promise<Outcome> {
  const { config, environments } = rt.config;
  const service = ownEntry(config.services, ask.service);
  if (!service)
    return refuse(
      rich`unknown service \`${ask.service}\`; known services: ${Object.keys(config.services).join(', ')}`,
      { showUsage: true },
    );
  const env = ask.env ?? DEFAULT_ENV;
  const policy = environments.get(env);
  if (!policy || !service.environments.includes(env))
    return refuse(
      rich`${ask.service} is not deployed to \`${env}\`; its environments: ${service.environments.join(', ')}`,
      { showUsage: true },
    );
  const strategy = ask.strategy ?? policy.deployment_strategy;
  const allowed = strategyAllowed(strategy, policy);
  if (!allowed.ok) return refuse(allowed.reason, { showUsage: true });
  if (!rt.targetFor(ask.service))
    return refuse(rich`${ask.service} has no deploy target configured (services.${ask.service}.deploy)`);
  const blocked = await rt.deploys.blocked(ask.service, env, ask.version);
  if (blocked) {
    const by = blocked.blockedBy.startsWith('automatic rollback')
      ? rich`${blocked.blockedBy}`
      : mention(blocked.blockedBy);
    return refuse(
      rich`${ask.service} ${ask.version} is blocked in ${env} since ${blocked.deployId} rolled it back — blocked by ${by}: ${blocked.reason}. A team lead unblocks it with \`/deploy unblock ${ask.service} ${ask.version}\`.`,
    );
  }

  const now = rt.clock.now();
  const emergency = ask.emergency !== undefined;
  if (ask.dryRun) {
    const live = await rt.deploys.current(ask.service, env);
    const plan = describeDeployPlan({
      service: ask.service,
      env,
      version: ask.version,
      currentVersion: live?.version,
      strategy,
      policy,
      bumpApprovers: config.bump_approvers,
      emergency: ask.emergency,
      at: now,
      calendar: rt.calendar,
      liveColor: live?.color,
    });
    return { answer: { kind: 'plan', plan, timeZone: rt.calendar.timeZone } };
  }
  const planned = await planAgainstNow(rt, {
    service: ask.service,
    env,
    version: ask.version,
    strategy,
    emergency,
  });
  if (!planned) return refuse(rich`${env} is not configured`);
  if (!planned.ok) {
    const hint = planned.problem.kind === 'window_closed' ? EMERGENCY_HINT : rich``;
    return refuse(rich`${describePlanProblem(planned.problem, env)}${hint}`);
  }
  const { plan } = planned;

  const record = await rt.tx.transaction(async (): Promise<DeployRecord> => {
    const id = await rt.deploys.nextId(now.getUTCFullYear());
    const created = transition(undefined, 'request');
    if (!created.ok) throw new Error(created.reason);
    await rt.deploys.insert({
      id,
      service: ask.service,
      env,
      version: ask.version,
      previousVersion: plan.previousVersion,
      bump: plan.bump,
      strategy,
      state: created.state,
      phase: 'awaiting',
      requester: who.userId,
      channel: service.channel,
      emergencyReason: ask.emergency,
      needsReview: emergency,
      requiredRoles: plan.requiredRoles,
      onCall: { members: [], source: 'pending' },
      validations: [],
      steps: [],
      liveColor: plan.liveColor,
      targetColor: undefined,
      outcome: undefined,
      createdAt: now,
      updatedAt: now,
      finishedAt: undefined,
    });
    const actor = { id: who.userId, kind: 'human' as const };
    await rt.events.append({
      at: now,
      actor,
      subject: id,
      type: 'deploy.request',
      payload: { ...ask, env, strategy, bump: plan.bump, roles: plan.requiredRoles, to: created.state },
    });
    if (emergency) {
      await rt.events.append({
        at: now,
        actor,
        subject: id,
        type: 'deploy.emergency_override',
        payload: { reason: ask.emergency, window: plan.window.open ? [] : plan.window.reasons },
      });
    }
    const lane = await rt.deploys.acquireLane(ask.service, env, id, now);
    return await applyDeployEvent(rt, id, lane ? 'validate' : 'queue', SHIPGATE);
  });

  if (record.state === 'queued') {
    const position =
      (await rt.deploys.queued(record.service, record.env)).findIndex((d) => d.id === record.id) + 1;
    const holder = await rt.deploys.laneHolder(record.service, record.env);
    return done(
      rich`:double_vertical_bar: ${record.id} is queued at position ${position}: ${holder ?? 'another deploy'} holds ${record.service}/${record.env}. It is re-planned against what runs then, and approval is requested when the lane frees. \`/deploy cancel ${record.id}\` to withdraw.`,
      async () => rt.notifier.flush(),
    );
  }
  return done(
    rich`:mag: ${record.id}: ${record.service} ${record.previousVersion ?? '(first deploy)'} → ${record.version} to ${record.env} (${record.bump.toUpperCase()}, ${record.strategy}). Running pre-deployment validations; the approval request follows in ${configuredChannel(service.channel)}.`,
    () => advanceDeploy(rt, record.id),
  );
}
