import { describe, expect, it } from 'vitest';
import type { StepRecord } from '../../../../src/core/deploys/deploy-record.js';
import type { Strategy } from '../../../../src/core/deploys/deploy-types.js';
import { haltSteps } from '../../../../src/core/deploys/halt-steps.js';
import { planDeploy } from '../../../../src/core/deploys/strategy-plan.js';

/** A strategy's plan with the first `done` steps in `state`-order: succeeded…, then the one at `done` as `last`. */
function progress(strategy: Strategy, done: number, last?: StepRecord['state']): StepRecord[] {
  return planDeploy(strategy, { liveColor: 'blue' }).map((s, i) => ({
    ...s,
    state: i < done ? 'succeeded' : i === done && last ? last : 'pending',
  }));
}
const ids = (strategy: Strategy, steps: StepRecord[], documents = false) =>
  haltSteps({ strategy, steps, liveColor: 'blue', targetColor: 'green', documents }).map((s) => s.id);

describe('haltSteps: undoing only what a deploy stopped part-way had done', () => {
  it('health-checks the live colour of a blue-green deploy whose traffic never moved', () => {
    expect(ids('blue-green', progress('blue-green', 2))).toEqual(['halt-health-blue']);
    expect(ids('blue-green', progress('blue-green', 0, 'failed'))).toEqual(['halt-health-blue']);
  });

  it('switches traffic back once the switch was tried, even when it failed or was cut off', () => {
    const back = ['rollback-switch-blue', 'rollback-health-blue'];
    expect(ids('blue-green', progress('blue-green', 3))).toEqual(back);
    expect(ids('blue-green', progress('blue-green', 2, 'failed'))).toEqual(back);
    expect(ids('blue-green', progress('blue-green', 2, 'running'))).toEqual(back);
  });

  it('stops, routes to stable and terminates a canary once any canary step was tried, and does nothing before', () => {
    expect(ids('canary', progress('canary', 0))).toEqual([]);
    expect(ids('canary', progress('canary', 0, 'failed'))).toEqual([
      'rollback-canary-stop',
      'rollback-traffic-stable',
      'rollback-terminate-canary',
    ]);
    expect(ids('canary', progress('canary', 4))).toHaveLength(3);
  });

  it('redeploys the previous version for rolling and recreate once the deploy step was tried', () => {
    expect(ids('rolling', progress('rolling', 0))).toEqual([]);
    expect(ids('rolling', progress('rolling', 1))).toEqual(['rollback-deploy', 'rollback-health']);
    expect(ids('recreate', progress('recreate', 0, 'running'))).toEqual([
      'rollback-deploy',
      'rollback-health',
    ]);
  });

  it('documents the rollback last when the target has a document_rollback step', () => {
    expect(ids('blue-green', progress('blue-green', 3), true).at(-1)).toBe('rollback-document');
    expect(ids('blue-green', progress('blue-green', 1), true)).toEqual([
      'halt-health-blue',
      'rollback-document',
    ]);
  });
});
