import { SHIPGATE } from '../../core/actor.js';
import type { WatchConfig } from '../../core/config/watch-schema.js';
import type { StepRecord } from '../../core/deploys/deploy-record.js';
import { describeDuration } from '../../core/text/describe-duration.js';
import { rich } from '../../core/text/rich-text.js';
import type { WatchRecord } from '../../core/watch/watch-record.js';
import { NEW_WATCH } from '../../core/watch/watch-sample.js';
import { recordDeployChange, threadNote } from '../deploys/deploy-lifecycle.js';
import type { Runtime } from '../runtime.js';
import { watchDurationMs } from './start-watch.js';
import { watchSettingsOf } from './watch-settings.js';
import { WATCH_TIMERS, watchSubject } from './watch-timers.js';

/** How long one canary step is judged: `watch.step_window`, or `min_samples` samples' worth of intervals. */
export function stepWindowMs(watch: WatchConfig): number {
  return watch.step_window?.ms ?? watch.min_samples * watch.interval.ms;
}

/**
 * Holds a canary at a traffic step until the watch's analysis has judged it (issue #9: "the same analysis gates
 * each step"): the watch goes to `gating` with the step to go on with, and the first sample is armed one interval
 * on. The deploy stays `running` and keeps its lane; the samples are timer rows, so a restart resumes the gate.
 * Returns false when the deploy is not watched (the rollout goes straight on, as before).
 */
export async function openGate(
  rt: Runtime,
  id: string,
  steps: StepRecord[],
  index: number,
): Promise<boolean> {
  const deploy = await rt.deploys.get(id);
  const step = steps[index];
  if (deploy?.state !== 'running' || step?.percent === undefined) return false;
  const settings = watchSettingsOf(rt, deploy);
  if (!settings) return false;
  const { watch } = settings;
  const now = rt.clock.now();
  const windowMs = stepWindowMs(watch);
  const current: WatchRecord = deploy.watch ?? {
    state: 'pending',
    startedAt: now,
    durationMs: watchDurationMs(deploy.bump, settings.policy.monitoring.duration.ms),
    baseline: {},
    progress: NEW_WATCH,
    lastFindings: [],
  };
  const record: WatchRecord = {
    ...current,
    state: 'gating',
    gate: { percent: step.percent, next: index + 1, untilMs: current.progress.watchedMs + windowMs },
  };
  await rt.tx.transaction(async () => {
    await recordDeployChange(
      rt,
      id,
      'deploy.gate_opened',
      SHIPGATE,
      { steps, watch: record },
      { percent: step.percent, windowMs },
    );
    await rt.timers.arm(WATCH_TIMERS.sample, watchSubject(id), new Date(now.getTime() + watch.interval.ms), {
      deployId: id,
    });
  });
  await threadNote(
    rt,
    id,
    rich`:hourglass_flowing_sand: Canary at ${String(step.percent)}%: judged against stable for ${describeDuration(windowMs)} of data (one sample every ${watch.interval.text}) before traffic moves on; a failing step stops the rollout.`,
  );
  return true;
}
