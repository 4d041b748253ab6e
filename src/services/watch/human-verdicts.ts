import type { Actor } from '../../core/actor.js';
import type { DeployRecord } from '../../core/deploys/deploy-record.js';
import { ownEntry } from '../../core/own-entry.js';
import { mention, rich } from '../../core/text/rich-text.js';
import type { Decision } from '../answer.js';
import { recordDeployChange, threadNote } from '../deploys/deploy-lifecycle.js';
import { armReleaseTag } from '../releases/release-timers.js';
import type { Runtime } from '../runtime.js';
import { WATCH_TIMERS, watchSubject } from './watch-timers.js';

const human = (userId: string): Actor => ({ id: userId, kind: 'human' });

/**
 * **Keep** on a recommendation: the human keeps the release through the trigger that fired — the watch (or the
 * canary gate it was at) samples again and that trigger does not fire again for this release. The caller has
 * checked who may.
 */
export async function keepRelease(rt: Runtime, userId: string, deploy: DeployRecord): Promise<Decision> {
  const deployId = deploy.id;
  const state = deploy.watch?.state;
  if (state !== 'recommending' || (deploy.state !== 'watching' && deploy.state !== 'running'))
    return {
      ok: false,
      message: rich`The watch of ${deployId} is ${state ?? 'not running'}; there is no recommendation to keep.`,
    };
  const kept = deploy.watch?.firing?.trigger;
  const now = rt.clock.now();
  const interval = ownEntry(rt.config.config.services, deploy.service)?.watch?.interval.ms ?? 10_000;
  await rt.tx.transaction(async () => {
    const current = await rt.deploys.get(deployId);
    if (current?.watch?.state !== 'recommending') return;
    const { firing: _firing, ...rest } = current.watch;
    await recordDeployChange(
      rt,
      deployId,
      'deploy.watch_kept',
      human(userId),
      {
        watch: {
          ...rest,
          state: rest.gate ? 'gating' : 'watching',
          progress: { ...rest.progress, kept: kept ? [...rest.progress.kept, kept] : rest.progress.kept },
        },
      },
      { trigger: kept ?? null },
    );
    await rt.notifier.redraw('watch-decision', deployId, now);
    await rt.timers.arm(WATCH_TIMERS.sample, watchSubject(deployId), new Date(now.getTime() + interval), {
      deployId,
    });
  });
  await threadNote(
    rt,
    deployId,
    rich`:raised_hand: ${mention(userId)} kept the release; the watch goes on without ${kept ?? 'that trigger'}.`,
  );
  return { ok: true, message: rich`Kept ${deployId}; the watch goes on.` };
}

/**
 * **Mark good** on an inconclusive watch: a human vouches for the release, which becomes a version `/rollback` may
 * return to, and is tagged like one that survived. The caller has checked who may.
 */
export async function markGood(rt: Runtime, userId: string, deploy: DeployRecord): Promise<Decision> {
  const deployId = deploy.id;
  const watch = deploy.watch;
  if (watch?.state !== 'inconclusive')
    return {
      ok: false,
      message: rich`The watch of ${deployId} is ${watch?.state ?? 'not running'}; only an inconclusive watch is marked good.`,
    };
  await rt.tx.transaction(async () => {
    const marked = await recordDeployChange(rt, deployId, 'deploy.marked_good', human(userId), {
      survived: true,
      watch: { ...watch, outcome: `marked good by ${userId}` },
    });
    await armReleaseTag(rt, marked);
  });
  await rt.notifier.redraw('watch-decision', deployId, rt.clock.now());
  await threadNote(
    rt,
    deployId,
    rich`:white_check_mark: ${mention(userId)} marked ${deploy.service} ${deploy.version} good; /rollback may return to it.`,
  );
  return { ok: true, message: rich`Marked ${deployId} good.` };
}
