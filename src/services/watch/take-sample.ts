import { SHIPGATE } from '../../core/actor.js';
import type { ValidationStep } from '../../core/config/environment-policy-schema.js';
import type { DeployRecord } from '../../core/deploys/deploy-record.js';
import { describeDuration } from '../../core/text/describe-duration.js';
import { rich } from '../../core/text/rich-text.js';
import type { TimerRecord } from '../../core/timer-record.js';
import { evaluateSample, inThresholdUnit } from '../../core/watch/evaluate-sample.js';
import { fillWatchQuery } from '../../core/watch/fill-watch-query.js';
import { firingLine, formatMetric } from '../../core/watch/format-metric.js';
import { judgePostDeployment, type PostDeploymentResult } from '../../core/watch/post-deployment-verdict.js';
import type { WatchRecord } from '../../core/watch/watch-record.js';
import type { AlertFiring, SampleVerdict, TriggerFiring } from '../../core/watch/watch-sample.js';
import { recordUnshownChange, threadNote } from '../deploys/deploy-lifecycle.js';
import { stepContextOf } from '../deploys/deploy-members.js';
import type { Runtime } from '../runtime.js';
import { finishWatch, pageAboutWatch } from './end-watch.js';
import { readMetrics } from './read-metrics.js';
import { baselineSpan } from './start-watch.js';
import { rulesOf, tracksOf, watchSettingsOf } from './watch-settings.js';
import { WATCH_TIMERS, watchSubject } from './watch-timers.js';

/** What a fired trigger leads to: an automatic rollback or a recommendation (the watch service decides). */
export type OnTrigger = (deployId: string, firing: TriggerFiring) => Promise<void>;

/** What a passed canary gate leads to: the rollout goes on with step `next`. */
export type OnGatePassed = (deployId: string, next: number) => Promise<void>;

/** The service's smoke tests, run again once traffic moved when the policy lists `smoke_tests` after deployment. */
async function runSmokeTests(
  rt: Runtime,
  deploy: DeployRecord,
  checks: readonly ValidationStep[],
): Promise<{ ok: boolean; summary: string } | undefined> {
  if (!checks.some((c) => c.name === 'smoke_tests')) return undefined;
  const validator = rt.validatorFor(deploy.service);
  if (!validator.has('smoke_tests')) return undefined;
  const outcome = await validator.run('smoke_tests', stepContextOf(deploy));
  return { ok: outcome.ok, summary: outcome.summary };
}

/** The post-deployment results in one line: ✓ or ✗ (or skipped) per check, with its summary. */
function postLine(results: readonly PostDeploymentResult[]): string {
  return results
    .map(
      (r) =>
        `${r.skipped ? '–' : r.ok ? '✓' : '✗'} ${r.name}${r.required ? '' : ' (optional)'}: ${r.summary}`,
    )
    .join(' · ');
}

/** True while a sample is wanted: a watch after the last step, or a canary gate of a running deploy. */
function sampling(deploy: DeployRecord | undefined): boolean {
  const state = deploy?.watch?.state;
  return (
    (deploy?.state === 'watching' && state === 'watching') ||
    (deploy?.state === 'running' && state === 'gating')
  );
}

async function alertNote(rt: Runtime, id: string, alert: AlertFiring): Promise<void> {
  const value = formatMetric(alert.threshold.metric, alert.value);
  const shown = `${alert.threshold.metric} is ${value} (${inThresholdUnit(alert.threshold, alert.value).toPrecision(3)}${alert.threshold.unit ?? ''}), past the alert ${alert.threshold.text}`;
  if (alert.action === 'alert_oncall') {
    await pageAboutWatch(rt, id, `alert:${alert.threshold.text}`, `${id}: ${shown}`);
    await threadNote(
      rt,
      id,
      rich`:rotating_light: Alert: ${shown}. The on-call is paged; this alert does not roll back.`,
    );
  } else await threadNote(rt, id, rich`:warning: Alert: ${shown}.`);
}

async function noDataNote(
  rt: Runtime,
  id: string,
  verdict: SampleVerdict,
  record: WatchRecord,
  pause: boolean,
): Promise<void> {
  if (!verdict.noDataChanged) return;
  if (verdict.noData.length === 0) {
    await threadNote(rt, id, rich`:signal_strength: Data is back; the watch clock runs again.`);
    return;
  }
  const reasons = verdict.findings
    .filter((f) => verdict.noData.includes(f.metric))
    .map((f) => `${f.metric}: ${f.noData ?? 'no data'}`)
    .join(' · ');
  const effect = pause
    ? `the watch clock stops until it is back (paused ${describeDuration(record.progress.pausedMs)} so far); no data is never taken as healthy`
    : 'each such sample counts as failing (no_data: fail)';
  await threadNote(rt, id, rich`:grey_question: No data — ${reasons}. ${effect}.`);
}

/**
 * One sample of a watch: every metric of the new track (and, for canary, of stable beside it) and the health
 * check, all at once, then the verdict, stored with the deploy before anything is said or done. Then, in order: a
 * fired trigger goes to `onTrigger`; a full window of data ends the watch survived; too long without data ends it
 * inconclusive; otherwise the next sample is armed one interval on — while the lease of `sample` (the sample timer
 * being run) still holds, so a replica that stalled past it while another took the sample over does not start a
 * second chain of samples. A watch that moved on while the sample was being read (stopped, rolled back) is left
 * alone.
 */
export async function takeSample(
  rt: Runtime,
  id: string,
  onTrigger: OnTrigger,
  onGatePassed: OnGatePassed,
  sample: TimerRecord,
): Promise<void> {
  const before = await rt.deploys.get(id);
  if (!before || !sampling(before)) return;
  const settings = watchSettingsOf(rt, before);
  if (!settings) return;
  const tracks = tracksOf(before);
  const check = settings.watch.health_check;
  const postChecks =
    before.watch?.verified || before.watch?.gate ? [] : settings.policy.validation.post_deployment;
  const [metrics, stable, health, smoke] = await Promise.all([
    readMetrics(rt.metrics, settings.metrics, tracks.judged),
    before.strategy === 'canary' ? readMetrics(rt.metrics, settings.metrics, tracks.baseline) : undefined,
    check && rt.health
      ? rt.health.check(fillWatchQuery(check.url, tracks.judged), check.expect_status, check.timeout.ms)
      : undefined,
    runSmokeTests(rt, before, postChecks),
  ]);
  const deploy = await rt.deploys.get(id);
  const watch = deploy?.watch;
  if (!deploy || !watch || !sampling(deploy)) return;
  const verdict = evaluateSample(rulesOf(settings, watch.baseline), watch.progress, {
    metrics,
    ...(stable ? { stable } : {}),
    ...(health ? { health: { ok: health.ok, detail: health.detail } } : {}),
  });
  const now = rt.clock.now();
  const first = watch.progress.samples === 0;
  const reportDue =
    first || now.getTime() - (watch.reportedAt?.getTime() ?? 0) >= settings.watch.report_every.ms;
  const post =
    postChecks.length > 0
      ? judgePostDeployment(postChecks, {
          ...(smoke ? { smoke } : {}),
          ...(health ? { health: { ok: health.ok, detail: health.detail } } : {}),
          metrics,
          required: settings.metrics.filter((m) => m.required).map((m) => m.name),
          business: settings.metrics.filter((m) => m.role === 'business').map((m) => m.name),
          metricsSource: rt.metrics !== undefined,
        })
      : undefined;
  const fired = verdict.fired ?? post?.firing;
  const record: WatchRecord = {
    ...watch,
    ...(post ? { verified: true } : {}),
    progress: verdict.progress,
    lastFindings: verdict.findings,
    ...(health ? { lastHealth: health.detail } : {}),
    ...(reportDue ? { reportedAt: now } : {}),
    ...(fired ? { firing: fired } : {}),
  };
  await rt.tx.transaction(async () => {
    await recordUnshownChange(
      rt,
      id,
      'deploy.watch_sampled',
      SHIPGATE,
      { watch: record },
      {
        sample: verdict.progress.samples,
        counted: verdict.counted,
        findings: verdict.findings.map((f) => ({ ...f })),
        ...(health ? { health: health.detail } : {}),
        ...(fired ? { fired: fired.trigger } : {}),
        ...(post ? { postDeployment: post.results.map((r) => ({ ...r })) } : {}),
      },
    );
    if (post)
      await threadNote(
        rt,
        id,
        rich`:clipboard: Post-deployment checks after traffic moved: ${postLine(post.results)}`,
      );
    if (reportDue) await rt.notifier.redraw('watch-report', id, now);
    await noDataNote(rt, id, verdict, record, settings.watch.no_data === 'pause');
    for (const alert of verdict.alerts) await alertNote(rt, id, alert);
  });
  if (fired) {
    const metric = settings.metrics.find((m) => m.name === fired.metric);
    const basis = metric
      ? rich` Query: \`${fillWatchQuery(metric.query, tracks.judged)}\`; baseline: ${tracks.baseline.track} ${baselineSpan(rt, settings.watch.baseline.text)} before traffic moved${before.strategy === 'canary' ? ' (and stable beside it at each sample)' : ''}; one sample every ${settings.watch.interval.text}.`
      : rich``;
    await threadNote(rt, id, rich`:red_circle: Rollback trigger fired — ${firingLine(fired)}.${basis}`);
    await onTrigger(id, fired);
    return;
  }
  const maxNoData = settings.watch.max_no_data?.ms ?? record.durationMs;
  const gate = record.gate;
  if (gate && verdict.progress.watchedMs >= gate.untilMs) {
    await threadNote(
      rt,
      id,
      rich`:white_check_mark: Canary at ${String(gate.percent)}% held against stable (${verdict.progress.samples} samples so far, no trigger fired); traffic moves on.`,
    );
    await onGatePassed(id, gate.next);
    return;
  }
  if (gate && verdict.progress.pausedMs >= maxNoData) {
    const firing: TriggerFiring = {
      trigger: 'no_data',
      rule: `no data at the ${gate.percent}% canary step for ${describeDuration(verdict.progress.pausedMs)} (watch.max_no_data)`,
      streak: verdict.progress.samples,
      detail: 'the step cannot be judged, and no data is never taken as healthy, so traffic does not move on',
    };
    await threadNote(
      rt,
      id,
      rich`:red_circle: The ${String(gate.percent)}% canary step cannot be judged — ${firingLine(firing)}.`,
    );
    await onTrigger(id, firing);
    return;
  }
  if (!gate && verdict.progress.watchedMs >= record.durationMs) {
    await finishWatch(
      rt,
      id,
      'survived',
      SHIPGATE,
      `survived ${describeDuration(record.durationMs)} of watch`,
    );
    return;
  }
  if (!gate && verdict.progress.pausedMs >= maxNoData) {
    await finishWatch(
      rt,
      id,
      'inconclusive',
      SHIPGATE,
      `no data for ${describeDuration(verdict.progress.pausedMs)} (watch.max_no_data ${describeDuration(maxNoData)})`,
    );
    return;
  }
  const next = new Date(now.getTime() + settings.watch.interval.ms);
  await rt.timers.armNext(sample, WATCH_TIMERS.sample, watchSubject(id), next, { deployId: id });
}
