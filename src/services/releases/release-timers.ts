import { SHIPGATE } from '../../core/actor.js';
import type { DeployRecord } from '../../core/deploys/deploy-record.js';
import { ownEntry } from '../../core/own-entry.js';
import { rich } from '../../core/text/rich-text.js';
import type { Runtime } from '../runtime.js';
import { releaseNotesFor } from './release-notes-for.js';
import { tagRelease } from './tag-release.js';

/** Timer kinds of releases: the notes posted when a deploy starts, and the tag cut once it survived. */
export const RELEASE_TIMERS = { notes: 'release.notes', tag: 'release.tag' } as const;

/** Pushes and tags are retried this often (with the timers' backoff) before the failure is left in the row. */
const TAG_ATTEMPTS = 6;

/**
 * Arms the release notes of a deploy that starts (inside the transaction that starts it), so they are posted in
 * its thread once, after a restart too, without holding up the first step.
 */
export async function armReleaseNotes(rt: Runtime, deploy: DeployRecord): Promise<void> {
  if (deploy.kind === 'rollback') return;
  await rt.timers.arm(RELEASE_TIMERS.notes, deploy.id, rt.clock.now());
}

/**
 * Arms the tag of a release that survived (its watch, a human's Mark good, or a clean deploy without a watch), inside
 * the transaction that records it: only for a service with a repository and an environment in `tag_environments`.
 * The timer survives restarts and retries a failed push; a rolled-back or failed version is never armed.
 */
export async function armReleaseTag(rt: Runtime, deploy: DeployRecord): Promise<void> {
  const repository = ownEntry(rt.config.config.services, deploy.service)?.repository;
  if (deploy.kind === 'rollback' || !repository?.tag_environments.includes(deploy.env)) return;
  await rt.timers.arm(RELEASE_TIMERS.tag, deploy.id, rt.clock.now());
}

const threadReply = async (rt: Runtime, id: string, text: ReturnType<typeof rich>) =>
  await rt.notifier.threadReply('deploy', id, text, rt.clock.now());

/** Registers the release timers' handlers (once, at start-up). */
export function registerReleaseTimers(rt: Runtime): void {
  rt.timers.on(RELEASE_TIMERS.notes, async (timer) => {
    const id = timer.subject;
    if ((await rt.events.forSubject(id)).some((e) => e.type === 'deploy.release_notes')) return;
    const notes = await releaseNotesFor(rt, id);
    if (!notes) return;
    await rt.tx.transaction(async () => {
      await rt.events.append({
        at: rt.clock.now(),
        actor: SHIPGATE,
        subject: id,
        type: 'deploy.release_notes',
        payload: { repository: notes.facts.repository },
      });
      await threadReply(rt, id, rich`:memo: *Release notes*\n${notes.text}`);
    });
    rt.notifier.flush();
  });
  rt.timers.on(
    RELEASE_TIMERS.tag,
    async (timer) => {
      const id = timer.subject;
      const outcome = await tagRelease(rt, id);
      await rt.notifier.redraw('deploy-checklist', id, rt.clock.now());
      if (outcome.kind === 'tagged' && !outcome.already) {
        const pushed = outcome.pushed ? ' and pushed it' : '';
        await threadReply(
          rt,
          id,
          rich`:label: Tagged ${outcome.tag} on ${outcome.commit.slice(0, 12)}${pushed}: this version survived ${(await rt.deploys.get(id))?.env ?? 'production'}.`,
        );
      }
      if (outcome.kind === 'failed') {
        if (timer.attempts === 0)
          await threadReply(
            rt,
            id,
            rich`:warning: Could not tag ${outcome.tag}: ${outcome.reason}. Shipgate retries.`,
          );
        rt.notifier.flush();
        throw new Error(`tagging ${outcome.tag} failed: ${outcome.reason}`);
      }
      rt.notifier.flush();
    },
    { maxAttempts: TAG_ATTEMPTS },
  );
}
