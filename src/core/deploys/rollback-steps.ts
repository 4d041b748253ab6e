import type { Color, PlanStep, Strategy } from './deploy-types.js';
import { idleColor } from './strategy-plan.js';

/** What the rollback steps need: the strategy of the release undone and the colour that served before it. */
export interface RollbackStepsContext {
  readonly strategy: Strategy;
  /** Blue-green: the colour the bad version runs on now (traffic goes back to the other one). */
  readonly badColor: Color | undefined;
  /** Whether the target has a `document_rollback` step configured (it runs last, when it has). */
  readonly documents: boolean;
}

/**
 * The steps of a rollback, as the chapter's scripts (4.3): blue-green switches traffic back to the old colour and
 * health-checks it (`rollback-blue-green.sh`: < 1 min); canary stops the rollout, routes 100 % to stable and
 * terminates the canary (`rollback-canary.sh`: < 5 min); rolling and recreate redeploy the previous version. In
 * every step `{color}` is the colour traffic goes back to, `{version}` the version restored and
 * `{previous_version}` the bad one. A configured `document_rollback` step records it last.
 */
export function rollbackSteps(context: RollbackStepsContext): PlanStep[] {
  const steps: PlanStep[] = [];
  switch (context.strategy) {
    case 'blue-green': {
      const back = idleColor(context.badColor);
      steps.push(
        {
          id: `rollback-switch-${back}`,
          kind: 'switch_traffic',
          label: `Switch traffic back to ${back}`,
          color: back,
        },
        { id: `rollback-health-${back}`, kind: 'health_check', label: `Health check ${back}`, color: back },
      );
      break;
    }
    case 'canary':
      steps.push(
        { id: 'rollback-canary-stop', kind: 'canary_stop', label: 'Stop the canary rollout' },
        {
          id: 'rollback-traffic-stable',
          kind: 'set_traffic',
          label: 'Route 100% of traffic to stable',
          percent: 0,
        },
        { id: 'rollback-terminate-canary', kind: 'terminate_canary', label: 'Terminate the canary' },
      );
      break;
    case 'rolling':
      steps.push(
        {
          id: 'rollback-deploy',
          kind: 'deploy',
          label: 'Redeploy the previous version, instance by instance',
        },
        { id: 'rollback-health', kind: 'health_check', label: 'Health check' },
      );
      break;
    case 'recreate':
      steps.push(
        { id: 'rollback-deploy', kind: 'deploy', label: 'Recreate with the previous version' },
        { id: 'rollback-health', kind: 'health_check', label: 'Health check' },
      );
      break;
  }
  if (context.documents)
    steps.push({ id: 'rollback-document', kind: 'document_rollback', label: 'Document the rollback' });
  return steps;
}
