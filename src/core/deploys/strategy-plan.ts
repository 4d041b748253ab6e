import type { Duration } from '../config/duration.js';
import type { EnvironmentPolicy } from '../config/environment-policy-schema.js';
import type { Color, PlanStep, Strategy } from './deploy-types.js';

/** Canary traffic steps of chapter 3.3, in percent. */
export const CANARY_PERCENTS = [5, 25, 50, 100] as const;

/** What the plan needs to know about the live deployment. */
export interface PlanContext {
  /** The blue-green colour serving traffic now; `undefined` before the first blue-green deploy (blue is assumed). */
  readonly liveColor: Color | undefined;
}

/** The other blue-green colour: where the new version goes while the live one keeps serving. */
export function idleColor(live: Color | undefined): Color {
  return live === 'green' ? 'blue' : 'green';
}

function liveColorOf(live: Color | undefined): Color {
  return live ?? 'blue';
}

function unknownStrategy(strategy: never): never {
  throw new TypeError(`unknown deployment strategy ${String(strategy)}`);
}

function canarySteps(): PlanStep[] {
  const steps: PlanStep[] = [];
  for (const percent of CANARY_PERCENTS) {
    if (percent === CANARY_PERCENTS[0])
      steps.push({
        id: `canary-${percent}`,
        kind: 'deploy',
        label: `Deploy the canary to ${percent}%`,
        percent,
      });
    else
      steps.push({
        id: `traffic-${percent}`,
        kind: 'set_traffic',
        label: `Route ${percent}% of traffic to the canary`,
        percent,
      });
    if (percent !== 100)
      steps.push({
        id: `health-${percent}`,
        kind: 'health_check',
        label: `Health check at ${percent}%`,
        percent,
      });
  }
  return steps;
}

/**
 * The steps a strategy runs (chapter 3.1–3.3): blue-green deploys to the idle colour, smoke-tests it and switches
 * traffic; canary goes 5% → 25% → 50% → 100% with a health check between steps; rolling and recreate deploy then
 * check health.
 */
export function planDeploy(strategy: Strategy, context: PlanContext): PlanStep[] {
  switch (strategy) {
    case 'blue-green': {
      const color = idleColor(context.liveColor);
      return [
        { id: `deploy-${color}`, kind: 'deploy', label: `Deploy to ${color} (idle)`, color },
        { id: `smoke-${color}`, kind: 'smoke_test', label: `Smoke test ${color}`, color },
        { id: `switch-${color}`, kind: 'switch_traffic', label: `Switch traffic to ${color}`, color },
      ];
    }
    case 'canary':
      return canarySteps();
    case 'rolling':
      return [
        { id: 'deploy', kind: 'deploy', label: 'Rolling deploy, instance by instance' },
        { id: 'health', kind: 'health_check', label: 'Health check' },
      ];
    case 'recreate':
      return [
        { id: 'deploy', kind: 'deploy', label: 'Recreate (the service is down during the deploy)' },
        { id: 'health', kind: 'health_check', label: 'Health check' },
      ];
    default:
      return unknownStrategy(strategy);
  }
}

/** What the rollback lines need. */
export interface RollbackContext extends PlanContext {
  /** The version running before this deploy; `undefined` for a service's first deploy. */
  readonly previousVersion: string | undefined;
  /** The environment's `rollback.timeout`: the target for rolling and recreate (default 5 minutes). */
  readonly rollbackTimeout?: Duration;
}

function minutes(duration: Duration | undefined): string {
  return `< ${Math.max(1, Math.ceil((duration?.ms ?? 300_000) / 60_000))} min`;
}

/**
 * How this deploy would be rolled back, as lines for the approval message (chapter 4.3), so approvers review the
 * way back before they approve: blue-green switches back (< 1 min), canary routes everything to stable (< 5 min).
 */
export function rollbackPlan(strategy: Strategy, context: RollbackContext): string[] {
  const previous = context.previousVersion;
  if (previous === undefined)
    return [
      'First deploy of this service: there is no previous version to return to; fix forward or stop it',
    ];
  switch (strategy) {
    case 'blue-green': {
      const live = liveColorOf(context.liveColor);
      return [
        `Switch traffic back to ${live} (target < 1 min)`,
        `Verify ${live} is healthy on ${previous}`,
        `Keep ${idleColor(context.liveColor)} for investigation, fix, redeploy`,
      ];
    }
    case 'canary':
      return [
        'Route 100% back to stable and stop the canary (target < 5 min)',
        `Terminate the canary instances; stable stays on ${previous}`,
      ];
    case 'rolling':
      return [`Roll back to ${previous} instance by instance (target ${minutes(context.rollbackTimeout)})`];
    case 'recreate':
      return [
        `Recreate with ${previous} (target ${minutes(context.rollbackTimeout)}; the service is down meanwhile)`,
      ];
    default:
      return unknownStrategy(strategy);
  }
}

/** An environment policy's fields that decide whether a strategy may run there. */
export type StrategyPolicy = Pick<EnvironmentPolicy, 'environment' | 'approval' | 'allow_recreate'>;

/**
 * Refuses `recreate` (full downtime) where approval is required, unless the environment sets
 * `allow_recreate: true` (chapter 3.1: not for production); every other strategy is allowed.
 */
export function strategyAllowed(
  strategy: Strategy,
  policy: StrategyPolicy,
): { ok: true } | { ok: false; reason: string } {
  if (strategy !== 'recreate' || !policy.approval.required || policy.allow_recreate) return { ok: true };
  return {
    ok: false,
    reason: `recreate takes ${policy.environment} down during the deploy; use blue-green or canary, or set allow_recreate: true in the ${policy.environment} policy`,
  };
}
