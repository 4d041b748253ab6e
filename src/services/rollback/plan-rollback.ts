import type { DeployRecord } from '../../core/deploys/deploy-record.js';
import type { Color, PlanStep, Strategy } from '../../core/deploys/deploy-types.js';
import { haltSteps } from '../../core/deploys/halt-steps.js';
import { rollbackSteps } from '../../core/deploys/rollback-steps.js';
import { idleColor } from '../../core/deploys/strategy-plan.js';
import { ownEntry } from '../../core/own-entry.js';
import { type RichText, rich } from '../../core/text/rich-text.js';
import { documentsRollbacks } from '../deploys/halt-deploy.js';
import type { Runtime } from '../runtime.js';

/** A rollback worked out against what runs now: what comes back, what is undone, and the steps. */
export interface RollbackPlan {
  readonly service: string;
  readonly env: string;
  readonly strategy: Strategy;
  /** The version running now (undone). */
  readonly from: string;
  /** The version restored. */
  readonly to: string;
  /** The deploy that put `from` in place (marked rolled back), when Shipgate deployed it. */
  readonly badDeployId: string | undefined;
  /** Blue-green: the colour `from` runs on. */
  readonly badColor: Color | undefined;
  /** Set when `from` is still being deployed: that deploy stops at its next safe point and only what it did is undone. */
  readonly halts?: string;
  readonly steps: PlanStep[];
  readonly timeoutMs: number;
}

/** What a rollback is asked for: the service, its environment, and optionally the version to go back to. */
export interface RollbackAsk {
  readonly service: string;
  readonly env: string | undefined;
  readonly to: string | undefined;
}

/** A plan, or why there is none (`usage` when the mistake is in how it was asked). */
export type RollbackPlanResult =
  | { readonly ok: true; readonly plan: RollbackPlan }
  | { readonly ok: false; readonly problem: RichText; readonly usage: boolean };

const problem = (text: RichText, usage = false): RollbackPlanResult => ({ ok: false, problem: text, usage });

/** The deploy that put the running version in place (watching or succeeded), when there is one. */
async function deployOf(
  rt: Runtime,
  service: string,
  env: string,
  version: string,
): Promise<DeployRecord | undefined> {
  return (await rt.deploys.recent(50, service)).find(
    (d) =>
      d.env === env &&
      d.version === version &&
      d.kind !== 'rollback' &&
      (d.state === 'watching' || d.state === 'succeeded'),
  );
}

/**
 * Plans a rollback from stored history (issue #9): the target is `--to` (it must have run in that environment and
 * not be blocked) or else the newest version that survived its watch and is not the running one; the lane must be
 * free or held by the watch of the release being undone, or by a deploy still running (then that deploy stops at a
 * safe point and what it did is undone). Blue-green switches traffic back to the colour the
 * restored version still runs on, or — when the target is older than that — deploys it to the idle colour first.
 */
export async function planRollback(rt: Runtime, ask: RollbackAsk): Promise<RollbackPlanResult> {
  const { config } = rt.config;
  const service = ownEntry(config.services, ask.service);
  if (!service)
    return problem(
      rich`unknown service \`${ask.service}\`; known services: ${Object.keys(config.services).join(', ')}`,
      true,
    );
  const env = ask.env ?? 'production';
  if (!service.environments.includes(env))
    return problem(
      rich`${ask.service} is not deployed to \`${env}\`; it runs in ${service.environments.join(', ')}`,
      true,
    );
  const policy = rt.config.environments.get(env);
  if (!policy) return problem(rich`\`${env}\` has no environment policy`, true);
  const holding = await rt.deploys.laneHolder(ask.service, env);
  const runningNow = holding ? await rt.deploys.get(holding) : undefined;
  if (runningNow?.state === 'running' && runningNow.kind !== 'rollback')
    return await planHalt(rt, runningNow, ask, policy.rollback.timeout.ms);
  const live = await rt.deploys.current(ask.service, env);
  if (!live)
    return problem(rich`nothing to roll back to: Shipgate has never deployed ${ask.service} to ${env}`);
  let to = ask.to;
  if (to !== undefined) {
    if (to === live.version) return problem(rich`${ask.service} ${to} is what runs in ${env} now`, true);
    if (!(await rt.deploys.everDeployed(ask.service, env, to)))
      return problem(rich`\`--to ${to}\`: ${ask.service} ${to} was never deployed to ${env}`, true);
  } else {
    to = await rt.deploys.lastSurvived(ask.service, env, live.version);
    if (to === undefined)
      return problem(
        rich`nothing to roll back to: no version of ${ask.service} other than ${live.version} survived its post-deploy watch in ${env}. Name one with \`--to <version>\`.`,
      );
  }
  const blocked = await rt.deploys.blocked(ask.service, env, to);
  if (blocked)
    return problem(
      rich`${ask.service} ${to} is blocked in ${env} (${blocked.reason}); a team lead unblocks it with \`/deploy unblock ${ask.service} ${to}\``,
    );
  const bad = await deployOf(rt, ask.service, env, live.version);
  const holder = await rt.deploys.laneHolder(ask.service, env);
  if (holder !== undefined && holder !== bad?.id) {
    const held = await rt.deploys.get(holder);
    return problem(
      held?.kind === 'rollback'
        ? rich`${ask.service}/${env} is locked after rollback ${holder}; a team lead frees it with \`/deploy unblock ${ask.service}\``
        : rich`${holder} holds ${ask.service}/${env} (${held?.state ?? 'unknown'}); roll back once it has finished, or cancel it`,
    );
  }
  const strategy = bad?.strategy ?? policy.deployment_strategy;
  const badColor = strategy === 'blue-green' ? (live.color ?? 'blue') : undefined;
  const documents = documentsRollbacks(rt, ask.service);
  const onOldColor = bad?.previousVersion === to;
  const steps =
    strategy === 'blue-green' && !onOldColor
      ? redeployBlueGreen(badColor, documents)
      : rollbackSteps({ strategy, badColor, documents });
  return {
    ok: true,
    plan: {
      service: ask.service,
      env,
      strategy,
      from: live.version,
      to,
      badDeployId: bad?.id,
      badColor,
      steps,
      timeoutMs: policy.rollback.timeout.ms,
    },
  };
}

/** Blue-green back to a version the old colour no longer runs: deploy it to the idle colour, check, switch. */
function redeployBlueGreen(badColor: Color | undefined, documents: boolean): PlanStep[] {
  const color = idleColor(badColor);
  return [
    {
      id: `rollback-deploy-${color}`,
      kind: 'deploy',
      label: `Deploy the previous version to ${color}`,
      color,
    },
    { id: `rollback-health-${color}`, kind: 'health_check', label: `Health check ${color}`, color },
    { id: `rollback-switch-${color}`, kind: 'switch_traffic', label: `Switch traffic to ${color}`, color },
    ...(documents
      ? [{ id: 'rollback-document', kind: 'document_rollback' as const, label: 'Document the rollback' }]
      : []),
  ];
}

/**
 * A rollback of a deploy that is still running (issue #9, item 7): it returns to the version that ran before it
 * (another `--to` is refused), the deploy stops at its next safe point between steps, and the steps undo only what
 * it did so far (re-planned when it stops). A first deploy has nothing to return to.
 */
async function planHalt(
  rt: Runtime,
  running: DeployRecord,
  ask: RollbackAsk,
  timeoutMs: number,
): Promise<RollbackPlanResult> {
  const to = running.previousVersion;
  if (to === undefined)
    return problem(
      rich`nothing to roll back to: ${running.id} is the first deploy of ${running.service} to ${running.env}, so no earlier version exists there; fix forward`,
    );
  if (ask.to !== undefined && ask.to !== to)
    return problem(
      rich`\`--to ${ask.to}\`: ${running.id} is still deploying ${running.version}; a rollback now returns to ${to}, which ran before it`,
      true,
    );
  const blocked = await rt.deploys.blocked(running.service, running.env, to);
  if (blocked)
    return problem(
      rich`${running.service} ${to} is blocked in ${running.env} (${blocked.reason}); a team lead unblocks it with \`/deploy unblock ${running.service} ${to}\``,
    );
  const steps = haltSteps({
    strategy: running.strategy,
    steps: running.steps,
    liveColor: running.liveColor,
    targetColor: running.targetColor,
    documents: documentsRollbacks(rt, running.service),
  });
  return {
    ok: true,
    plan: {
      service: running.service,
      env: running.env,
      strategy: running.strategy,
      from: running.version,
      to,
      badDeployId: running.id,
      badColor: running.strategy === 'blue-green' ? running.targetColor : undefined,
      steps,
      timeoutMs,
      halts: running.id,
    },
  };
}
