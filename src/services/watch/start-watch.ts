import { SHIPGATE } from '../../core/actor.js';
import type { StepRecord } from '../../core/deploys/deploy-record.js';
import { describeDuration } from '../../core/text/describe-duration.js';
import { instant, rich } from '../../core/text/rich-text.js';
import { baselineQuery } from '../../core/watch/fill-watch-query.js';
import { findingLine } from '../../core/watch/format-metric.js';
import type { WatchRecord } from '../../core/watch/watch-record.js';
import { NEW_WATCH } from '../../core/watch/watch-sample.js';
import { recordDeployChange, threadNote } from '../deploys/deploy-lifecycle.js';
import type { Runtime } from '../runtime.js';
import { readMetrics } from './read-metrics.js';
import { tracksOf, watchSettingsOf } from './watch-settings.js';
import { WATCH_TIMERS, watchSubject } from './watch-timers.js';

/** The watch window: the policy's monitoring duration, doubled for a MAJOR release (the extended window shown). */
export function watchDurationMs(bump: string, durationMs: number): number {
  return bump === 'major' ? durationMs * 2 : durationMs;
}

/**
 * How the baseline was measured, for the thread: averaged over `watch.baseline` where the metrics source can
 * average (Prometheus), else the value the source reports at that moment (`http_json` serves no history).
 */
export function baselineSpan(rt: Runtime, window: string): string {
  return rt.metrics?.subqueries === false
    ? 'as its metrics source reported it'
    : `averaged over the last ${window}`;
}

/**
 * Captures the baseline before traffic moves: each metric of the version serving now (the old colour, or stable),
 * averaged over `watch.baseline` (one instant query with a subquery; where that window has no data yet, the
 * value now), stored with the deploy and shown in its thread. A metric without data has no baseline (said so); the watch still runs. Does nothing for an unwatched deploy.
 */
export async function captureBaseline(rt: Runtime, id: string): Promise<void> {
  const deploy = await rt.deploys.get(id);
  if (!deploy) return;
  const settings = watchSettingsOf(rt, deploy);
  if (!settings) return;
  const { watch, policy, metrics } = settings;
  const windowS = watch.baseline.ms / 1000;
  const averaged =
    rt.metrics?.subqueries === false
      ? {}
      : await readMetrics(rt.metrics, metrics, tracksOf(deploy).baseline, (q) =>
          baselineQuery(q, windowS, watch.interval.ms / 1000),
        );
  const missing = metrics.filter((m) => !averaged[m.name]?.ok);
  const now = missing.length ? await readMetrics(rt.metrics, missing, tracksOf(deploy).baseline) : {};
  const readings = { ...averaged, ...Object.fromEntries(Object.entries(now).filter(([, r]) => r.ok)) };
  const baseline = Object.fromEntries(
    metrics.map((m) => {
      const r = readings[m.name];
      return [m.name, r?.ok ? r.value : undefined];
    }),
  );
  const record: WatchRecord = {
    state: 'pending',
    startedAt: rt.clock.now(),
    durationMs: watchDurationMs(deploy.bump, policy.monitoring.duration.ms),
    baseline,
    progress: NEW_WATCH,
    lastFindings: [],
  };
  await recordDeployChange(rt, id, 'deploy.baseline_captured', SHIPGATE, { watch: record }, { baseline });
  const lines = metrics.map((m) => {
    const r = readings[m.name];
    return findingLine(
      {
        metric: m.name,
        value: r?.ok ? r.value : undefined,
        baseline: undefined,
        limit: undefined,
        breached: false,
        ...(r && !r.ok ? { noData: r.reason } : {}),
      },
      m.role === 'business',
    );
  });
  if (lines.length > 0)
    await threadNote(
      rt,
      id,
      rich`:bar_chart: Baseline of ${tracksOf(deploy).baseline.track} ${baselineSpan(rt, watch.baseline.text)}, before traffic moves: ${lines.join(' · ')}`,
    );
}

/**
 * Starts the watch once the last step is done: the deploy goes to `watching` (it keeps its lane), the first sample
 * is armed one interval later, and the thread says for how long and against what it is judged. A canary's gates
 * came before: their samples and streaks carry over (they count for `min_samples`), the watch clock starts at 0. Inside the
 * caller's transaction. Returns false when the deploy is not watched (the caller marks it succeeded).
 */
export async function beginWatch(rt: Runtime, id: string, steps: StepRecord[]): Promise<boolean> {
  const deploy = await rt.deploys.get(id);
  if (!deploy) return false;
  const settings = watchSettingsOf(rt, deploy);
  if (!settings) return false;
  const now = rt.clock.now();
  const { watch, policy } = settings;
  const before = deploy.watch ?? {
    baseline: {},
    progress: NEW_WATCH,
    lastFindings: [],
    durationMs: watchDurationMs(deploy.bump, policy.monitoring.duration.ms),
  };
  const record: WatchRecord = {
    ...before,
    state: 'watching',
    startedAt: now,
    progress: { ...before.progress, watchedMs: 0, pausedMs: 0 },
  };
  await rt.tx.transaction(async () => {
    const applied = await rt.deploys.get(id);
    if (applied?.state !== 'running') return;
    await rt.deploys.update(id, { state: 'watching', steps, watch: record, finishedAt: now }, now);
    await rt.events.append({
      at: now,
      actor: SHIPGATE,
      subject: id,
      type: 'deploy.watch',
      payload: { from: 'running', to: 'watching', durationMs: record.durationMs },
    });
    await rt.notifier.redraw('deploy', id, now);
    await rt.timers.arm(WATCH_TIMERS.sample, watchSubject(id), new Date(now.getTime() + watch.interval.ms), {
      deployId: id,
    });
  });
  const mode = policy.rollback.automatic
    ? 'a trigger rolls back automatically (rollback.automatic: true)'
    : 'a trigger posts a recommendation for a human to decide';
  await threadNote(
    rt,
    id,
    rich`:eyes: Post-deploy watch: one sample every ${watch.interval.text} for ${describeDuration(record.durationMs)} of data (until about ${instant(new Date(now.getTime() + record.durationMs), 'time')}); ${mode}. No metric trigger fires before ${watch.min_samples} samples; no data ${watch.no_data === 'pause' ? 'pauses the watch clock' : 'counts as failing'}.`,
  );
  return true;
}
