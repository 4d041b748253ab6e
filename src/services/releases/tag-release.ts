import { SHIPGATE } from '../../core/actor.js';
import type { DeployRecord } from '../../core/deploys/deploy-record.js';
import { tagName } from '../../core/releases/release-range.js';
import type { ReleaseRecord } from '../ports/release-store.js';
import type { Runtime } from '../runtime.js';
import { repositoryOf } from './read-release.js';
import { tagMessage } from './tag-message.js';

/** How tagging a deploy's version ended. `already` when an earlier attempt had finished the job. */
export type TagOutcome =
  | {
      readonly kind: 'tagged';
      readonly tag: string;
      readonly commit: string;
      readonly pushed: boolean;
      readonly already: boolean;
    }
  | { readonly kind: 'skipped'; readonly reason: string }
  | { readonly kind: 'failed'; readonly tag: string; readonly reason: string };

/** Why a deploy's version may not be tagged (yet), or undefined when it may. */
async function notTaggable(
  rt: Runtime,
  deploy: DeployRecord,
  environments: readonly string[],
): Promise<string | undefined> {
  if (deploy.kind === 'rollback') return `${deploy.id} is a rollback run`;
  if (!environments.includes(deploy.env))
    return `${deploy.env} is not one of the tag environments (${environments.join(', ')})`;
  if (deploy.state === 'rolled_back')
    return `${deploy.id} was rolled back; a rolled-back version is never tagged`;
  if (deploy.state !== 'succeeded') return `${deploy.id} is ${deploy.state}, not succeeded`;
  if (deploy.watch && !deploy.survived) return `${deploy.id}'s watch did not end survived`;
  if (await rt.deploys.blocked(deploy.service, deploy.env, deploy.version))
    return `${deploy.service} ${deploy.version} is blocked in ${deploy.env} after a rollback`;
  return undefined;
}

/**
 * Tags the version of a deploy that survived an environment in `tag_environments` (chapter 4.2 step 7): records
 * a `releases` row first (pending), then creates the annotated tag `<prefix><version>` on the deployed commit (the
 * one recorded on the deploy, else the version's tag, else HEAD), pushes it when `remote` is set, and records the
 * end (tagged, pushed, failed with the reason), appending an event at each step. Safe to call again, after a crash
 * too: a finished row answers at once, and a tag already on the same commit counts as the earlier attempt's. A
 * deploy that failed or was rolled back is never tagged. Never throws for git trouble.
 */
export async function tagRelease(rt: Runtime, deployId: string): Promise<TagOutcome> {
  const deploy = await rt.deploys.get(deployId);
  if (!deploy) return { kind: 'skipped', reason: `unknown deploy ${deployId}` };
  const found = repositoryOf(rt, deploy.service);
  if (!found) return { kind: 'skipped', reason: `no repository is configured for ${deploy.service}` };
  const { repo, settings } = found;
  const why = await notTaggable(rt, deploy, settings.tag_environments);
  if (why) return { kind: 'skipped', reason: why };
  const tag = tagName(settings.tag_prefix, deploy.version);
  const existing = await rt.releases.get(deploy.service, deploy.version);
  if (existing && isFinished(existing, settings.remote))
    return {
      kind: 'tagged',
      tag,
      commit: existing.commit ?? '',
      pushed: existing.state === 'pushed',
      already: true,
    };
  const at = rt.clock.now();
  const row = await rt.tx.transaction(async () => {
    const stored = await rt.releases.insertPending({
      service: deploy.service,
      version: deploy.version,
      env: deploy.env,
      deployId,
      commit: deploy.release?.commit,
      tag,
      state: 'pending',
      detail: undefined,
      createdAt: at,
      updatedAt: at,
    });
    if (!existing)
      await event(rt, deployId, 'release.tag_recorded', {
        service: deploy.service,
        version: deploy.version,
        tag,
      });
    return stored;
  });
  let commit = row.commit;
  try {
    commit ??= (await repo.resolve(`refs/tags/${tag}`)) ?? (await repo.head());
    const created =
      row.state === 'tagged'
        ? 'exists'
        : await repo.createTag({
            name: tag,
            commit,
            message: tagMessage(deploy, await rt.deploys.approvals(deployId)),
            at,
          });
    if (row.state !== 'tagged') {
      await rt.tx.transaction(async () => {
        await rt.releases.update(
          deploy.service,
          deploy.version,
          { state: 'tagged', commit, detail: created === 'exists' ? 'the tag was already there' : undefined },
          rt.clock.now(),
        );
        await event(rt, deployId, 'release.tagged', { tag, commit, found: created === 'exists' });
      });
    }
  } catch (err) {
    return await fail(rt, deploy, tag, commit, `tagging failed: ${message(err)}`);
  }
  if (!settings.remote) return { kind: 'tagged', tag, commit, pushed: false, already: false };
  try {
    await repo.pushTag(settings.remote, tag);
  } catch (err) {
    return await fail(
      rt,
      deploy,
      tag,
      commit,
      `tagged locally; pushing to ${settings.remote} failed: ${message(err)}`,
      'tagged',
    );
  }
  await rt.tx.transaction(async () => {
    await rt.releases.update(
      deploy.service,
      deploy.version,
      { state: 'pushed', detail: `pushed to ${settings.remote}` },
      rt.clock.now(),
    );
    await event(rt, deployId, 'release.tag_pushed', { tag, remote: settings.remote });
  });
  return { kind: 'tagged', tag, commit, pushed: true, already: false };
}

function isFinished(row: ReleaseRecord, remote: string | undefined): boolean {
  return row.state === 'pushed' || (row.state === 'tagged' && remote === undefined);
}

async function fail(
  rt: Runtime,
  deploy: DeployRecord,
  tag: string,
  commit: string | undefined,
  reason: string,
  state: 'failed' | 'tagged' = 'failed',
): Promise<TagOutcome> {
  await rt.tx.transaction(async () => {
    await rt.releases.update(
      deploy.service,
      deploy.version,
      { state, detail: reason, ...(commit ? { commit } : {}) },
      rt.clock.now(),
    );
    await event(rt, deploy.id, 'release.tag_failed', { tag, reason });
  });
  return { kind: 'failed', tag, reason };
}

async function event(
  rt: Runtime,
  deployId: string,
  type: string,
  payload: Record<string, unknown>,
): Promise<void> {
  await rt.events.append({ at: rt.clock.now(), actor: SHIPGATE, subject: deployId, type, payload });
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
