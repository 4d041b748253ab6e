import { SHIPGATE } from '../../core/actor.js';
import type { DeployRequest } from '../../core/commands/deploy-grammar.js';
import { requiredRoles } from '../../core/deploys/approval-policy.js';
import { checkChangeWindow } from '../../core/deploys/change-window.js';
import { describeDeployPlan } from '../../core/deploys/deploy-plan.js';
import { strategyAllowed } from '../../core/deploys/strategy-plan.js';
import { computeBump } from '../../core/deploys/versioning.js';
import { formatUtcDateTime } from '../../core/incidents/incident-time.js';
import { noticeReply } from '../../slack/blocks/command-reply.js';
import { dryRunReply } from '../../slack/blocks/deploy-replies.js';
import { IDS } from '../../slack/ids.js';
import { type CommandContext, type CommandResult, refused } from '../../slack/slash-command.js';
import type { DeployRecord } from '../../store/deploy-repository.js';
import { DEFAULT_ENV, type DeployContext } from './deploy-context.js';
import { startValidations } from './validate-deploy.js';

type DeployAsk = Extract<DeployRequest, { kind: 'deploy' }>;

/**
 * `/deploy <service> <version>`: checks the request against config, history, the change window and the strategy
 * rules; `--dry-run` shows the plan and stores nothing; otherwise records the deploy (queued when its lane is taken)
 * and starts the pre-deployment validations after the ack. Every refusal says why and what to do instead.
 */
export function requestDeploy(
  ctx: DeployContext,
  ask: DeployAsk,
  who: CommandContext,
  usage: readonly string[],
): CommandResult {
  const { config, environments } = ctx.config;
  const service = config.services[ask.service];
  if (!service) {
    return refused(
      `unknown service \`${ask.service}\`; known services: ${Object.keys(config.services).join(', ')}`,
      usage,
    );
  }
  const env = ask.env ?? DEFAULT_ENV;
  const policy = environments.get(env);
  if (!policy || !service.environments.includes(env)) {
    return refused(
      `${ask.service} is not deployed to \`${env}\`; its environments: ${service.environments.join(', ')}`,
      usage,
    );
  }
  const strategy = ask.strategy ?? policy.deployment_strategy;
  const allowed = strategyAllowed(strategy, policy);
  if (!allowed.ok) return refused(allowed.reason, usage);
  if (!ctx.targetFor(ask.service))
    return refused(`${ask.service} has no deploy target configured (services.${ask.service}.deploy)`);

  const now = ctx.clock.now();
  const current = ctx.deploys.current(ask.service, env);
  const bump = computeBump(current?.version, ask.version, { service: ask.service, env });
  if (!bump.ok) return refused(bump.reason);
  const emergency = ask.emergency !== undefined;
  const roles = requiredRoles({
    policyApprovers: policy.approval.approvers,
    bump: bump.bump,
    bumpApprovers: config.bump_approvers,
    emergency,
    approvalRequired: policy.approval.required,
  });
  const window = checkChangeWindow(now, policy.change_window, ctx.calendar);
  if (!window.open && !emergency) {
    const next = window.nextOpening
      ? `Next opening: ${formatUtcDateTime(window.nextOpening)}.`
      : 'No opening in the next 60 days.';
    return refused(
      `${env} is outside its change window: ${window.reasons.join('; ')}. ${next} In a real emergency, add --emergency "<reason>" (needs an engineering lead and is reviewed afterwards).`,
    );
  }
  const liveColor = current?.color ?? 'blue';
  if (ask.dryRun) {
    const plan = describeDeployPlan({
      service: ask.service,
      env,
      version: ask.version,
      currentVersion: current?.version,
      strategy,
      policy,
      bumpApprovers: config.bump_approvers,
      emergency: ask.emergency,
      at: now,
      calendar: ctx.calendar,
      liveColor,
    });
    return { outcome: 'accepted', reply: dryRunReply(plan) };
  }

  const record = ctx.db.transaction((): DeployRecord => {
    const id = ctx.deploys.nextId(now.getUTCFullYear());
    const base: DeployRecord = {
      id,
      service: ask.service,
      env,
      version: ask.version,
      previousVersion: current?.version,
      bump: bump.bump,
      strategy,
      state: 'requested',
      phase: 'awaiting',
      requester: who.userId,
      channel: service.channel,
      emergencyReason: ask.emergency,
      needsReview: emergency,
      requiredRoles: roles,
      onCall: { members: [], source: 'config' },
      validations: [],
      steps: [],
      liveColor,
      targetColor: undefined,
      outcome: undefined,
      createdAt: now,
      updatedAt: now,
      finishedAt: undefined,
    };
    ctx.deploys.insert(base);
    const actor = { id: who.userId, kind: 'human' as const };
    ctx.events.append({
      at: now,
      actor,
      subject: id,
      type: 'deploy.requested',
      payload: { ...ask, env, strategy, bump: bump.bump, roles },
    });
    if (emergency) {
      ctx.events.append({
        at: now,
        actor,
        subject: id,
        type: 'deploy.emergency_override',
        payload: { reason: ask.emergency, window: window.open ? [] : window.reasons },
      });
    }
    const lane = ctx.deploys.acquireLane(ask.service, env, id, now);
    const state = lane ? 'validating' : 'queued';
    ctx.deploys.update(id, { state }, now);
    ctx.events.append({
      at: now,
      actor: SHIPGATE,
      subject: id,
      type: lane ? 'deploy.validate' : 'deploy.queue',
      payload: {},
    });
    ctx.sync.request(IDS.deployMessageSlot, id, now);
    return { ...base, state };
  })();

  if (record.state === 'queued') {
    const position = ctx.deploys.queued(record.service, record.env).findIndex((d) => d.id === record.id) + 1;
    const holder = ctx.deploys.laneHolder(record.service, record.env);
    return {
      outcome: 'accepted',
      reply: noticeReply(
        `:double_vertical_bar: ${record.id} is queued at position ${position}: ${holder ?? 'another deploy'} holds ${record.service}/${record.env}. Approval is requested when the lane frees. \`/deploy cancel ${record.id}\` to withdraw.`,
      ),
      after: async () => ctx.sync.flush(),
    };
  }
  return {
    outcome: 'accepted',
    reply: noticeReply(
      `:mag: ${record.id}: ${record.service} ${record.previousVersion ?? '(first deploy)'} → ${record.version} to ${record.env} (${record.bump.toUpperCase()}, ${record.strategy}). Running pre-deployment validations; the approval request follows in ${service.channel}.`,
    ),
    after: () => startValidations(ctx, record.id),
  };
}
