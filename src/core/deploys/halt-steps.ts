import type { StepRecord } from './deploy-record.js';
import type { Color, PlanStep, Strategy } from './deploy-types.js';
import { rollbackSteps } from './rollback-steps.js';

/** What undoing a deploy stopped part-way needs: its strategy, its steps so far, and the colours. */
export interface HaltContext {
  readonly strategy: Strategy;
  /** The deploy's steps as stored: a step that ran, runs, or failed may have changed the target. */
  readonly steps: readonly Pick<StepRecord, 'kind' | 'state'>[];
  /** Blue-green: the colour that served before the deploy (traffic goes back there). */
  readonly liveColor: Color | undefined;
  /** Blue-green: the colour the new version went to. */
  readonly targetColor: Color | undefined;
  /** Whether the target has a `document_rollback` step configured (it runs last, when it has). */
  readonly documents: boolean;
}

const touched = (step: Pick<StepRecord, 'state'>) =>
  step.state === 'succeeded' || step.state === 'running' || step.state === 'failed';

/**
 * The steps that undo what a deploy stopped between steps had done (issue #9, item 7): only what may have
 * changed production is reversed, and a step that was cut off or failed counts as done (it may have got half way).
 * Blue-green whose traffic never moved only health-checks the colour still serving; once the switch was tried,
 * traffic goes back. Canary stops the rollout, routes everything to stable and terminates the canary once any
 * canary step was tried. Rolling and recreate redeploy the previous version once the deploy step was tried.
 */
export function haltSteps(context: HaltContext): PlanStep[] {
  const tried = (kinds: readonly string[]) => context.steps.some((s) => kinds.includes(s.kind) && touched(s));
  const documents = context.documents;
  switch (context.strategy) {
    case 'blue-green': {
      if (tried(['switch_traffic']))
        return rollbackSteps({ strategy: 'blue-green', badColor: context.targetColor, documents });
      const live = context.liveColor ?? 'blue';
      return [
        {
          id: `halt-health-${live}`,
          kind: 'health_check',
          label: `Health check ${live} (traffic never left it)`,
          color: live,
        },
        ...(documents
          ? [{ id: 'rollback-document', kind: 'document_rollback' as const, label: 'Document the rollback' }]
          : []),
      ];
    }
    case 'canary':
      return tried(['deploy', 'set_traffic', 'health_check'])
        ? rollbackSteps({ strategy: 'canary', badColor: undefined, documents })
        : [];
    case 'rolling':
    case 'recreate':
      return tried(['deploy'])
        ? rollbackSteps({ strategy: context.strategy, badColor: undefined, documents })
        : [];
  }
}
