import type { Actor } from '../../core/actor.js';
import type { DeployEvent } from '../../core/deploys/deploy-state-machine.js';
import { describeDuration } from '../../core/text/describe-duration.js';
import { mention, type RichText, rich } from '../../core/text/rich-text.js';
import type { WatchRecord, WatchState } from '../../core/watch/watch-record.js';
import { advanceDeploy } from '../deploys/advance-deploy.js';
import { applyDeployEvent, threadNote } from '../deploys/deploy-lifecycle.js';
import { armReleaseTag } from '../releases/release-timers.js';
import type { Runtime } from '../runtime.js';
import { WATCH_TIMERS, watchSubject } from './watch-timers.js';

/**
 * Arms a page of the on-call about a deploy's watch (retried by its timer until PagerDuty takes it). The dedup key
 * is per deploy (`<deploy id>:<key>`), so one watch's page never folds into another deploy's open PagerDuty alert.
 */
export async function pageAboutWatch(
  rt: Runtime,
  deployId: string,
  key: string,
  summary: string,
): Promise<void> {
  await rt.timers.arm(WATCH_TIMERS.page, watchSubject(deployId), rt.clock.now(), {
    deployId,
    key: `${deployId}:${key}`,
    summary,
  });
}

/**
 * Ends a watch that did not roll back: `survived` (a clean window: the release is tagged as survived),
 * `inconclusive` (too long without data: never survived; the on-call is paged and asked to decide) or `stopped`
 * (a team lead ended it early). The deploy becomes `succeeded`, its lane is freed for the next request.
 */
export async function finishWatch(
  rt: Runtime,
  id: string,
  state: Extract<WatchState, 'survived' | 'inconclusive' | 'stopped'>,
  actor: Actor,
  outcome: string,
): Promise<void> {
  const deploy = await rt.deploys.get(id);
  if (!deploy?.watch || deploy.state !== 'watching') return;
  const now = rt.clock.now();
  const watch: WatchRecord = { ...deploy.watch, state, outcome, endedAt: now };
  const event: DeployEvent = state === 'survived' ? 'survive' : 'end_watch';
  await rt.tx.transaction(async () => {
    await rt.timers.cancelFor(watchSubject(id), WATCH_TIMERS.sample);
    const ended = await applyDeployEvent(
      rt,
      id,
      event,
      actor,
      { watch, survived: state === 'survived' },
      { watch: state, outcome },
    );
    if (state === 'survived') await armReleaseTag(rt, ended);
    await rt.notifier.redraw('watch-report', id, now);
    if (state === 'inconclusive') {
      await rt.notifier.redraw('watch-decision', id, now);
      await pageAboutWatch(
        rt,
        id,
        'inconclusive',
        `${deploy.service} ${deploy.version} (${deploy.env}): post-deploy watch inconclusive — ${outcome}`,
      );
    }
  });
  const watched = describeDuration(watch.progress.watchedMs);
  const lines: Record<typeof state, RichText> = {
    survived: rich`:white_check_mark: ${deploy.service} ${deploy.version} survived its post-deploy watch: ${watch.progress.samples} samples, ${watched} of data, no trigger fired. It is now a version /rollback can return to.`,
    inconclusive: rich`:grey_question: The watch of ${id} ended inconclusive: ${outcome}. It is not marked survived; the on-call was paged. Mark it good or roll it back (message in the channel).`,
    stopped: rich`:octagonal_sign: The watch of ${id} was stopped early by ${actor.kind === 'human' ? mention(actor.id) : actor.id} after ${watched}; it is not marked survived.`,
  };
  await threadNote(rt, id, lines[state]);
  await advanceDeploy(rt, id);
}
