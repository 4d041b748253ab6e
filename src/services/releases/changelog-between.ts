import semver from 'semver';
import { versionSchema } from '../../core/commands/values.js';
import { releaseCommits } from '../../core/releases/release-commits.js';
import { buildReleaseNotes, type ReleaseNotes } from '../../core/releases/release-notes.js';
import { tagName, versionTags } from '../../core/releases/release-range.js';
import type { TagRef } from '../../core/releases/source-commit.js';
import type { SourceRepository } from '../ports/source-repository.js';
import type { Runtime } from '../runtime.js';
import { repositoryOf } from './read-release.js';

/** A changelog's range as asked: versions (resolved to `<prefix><version>` tags) or any git ref. */
export interface ChangelogAsk {
  readonly service: string;
  /** Where it starts (excluded); by default the newest version tag older than `to`, else the root commit. */
  readonly from?: string | undefined;
  /** Where it ends (included); HEAD by default. */
  readonly to?: string | undefined;
  /** The entry's date (the clock's today, or the CLI's `--date`). */
  readonly date: Date;
}

/** The notes of a range, or why there are none (bad input: no repository, unknown ref, no conventional commits). */
export type ChangelogResult =
  | { readonly ok: true; readonly notes: ReleaseNotes }
  | { readonly ok: false; readonly error: string };

interface End {
  readonly commit: string;
  readonly label: string;
  readonly version: string | undefined;
}

/**
 * The 4.4 changelog entry of a range of a service's repository. A `to` that is a version heads the entry with that
 * version; any other ref heads it `Unreleased`. Never throws; a range without a single conventional commit is
 * refused, since its changelog would say nothing.
 */
export async function changelogBetween(
  rt: Pick<Runtime, 'config' | 'repositoryFor'>,
  ask: ChangelogAsk,
): Promise<ChangelogResult> {
  const found = repositoryOf(rt, ask.service);
  if (!found)
    return {
      ok: false,
      error: `no repository is configured for ${ask.service} (services.${ask.service}.repository)`,
    };
  const { repo, settings } = found;
  try {
    const tags = await repo.tags();
    const to = await resolveEnd(repo, tags, settings.tag_prefix, ask.to ?? 'HEAD');
    if (typeof to === 'string') return { ok: false, error: to };
    const from =
      ask.from === undefined
        ? olderTag(tags, settings.tag_prefix, to)
        : await resolveEnd(repo, tags, settings.tag_prefix, ask.from);
    if (typeof from === 'string') return { ok: false, error: from };
    const source = await repo.commits({ to: to.commit, ...(from ? { from: from.commit } : {}) });
    const commits = releaseCommits(source, (c) => repo.parse(c));
    const start = from?.label ?? `root ${(await repo.rootCommit(to.commit)).slice(0, 7)}`;
    const range = `${start}..${to.label}`;
    if (!commits.counted.some((c) => c.type !== undefined))
      return {
        ok: false,
        error:
          commits.counted.length === 0
            ? `${range} holds no commits`
            : `${range} holds ${commits.counted.length} commits but no conventional commits (type: subject), so there is no changelog to write`,
      };
    return {
      ok: true,
      notes: buildReleaseNotes({ heading: to.version ?? 'Unreleased', date: ask.date, commits, range }),
    };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

/** A version resolves to its tag (`2.5.4` → `v2.5.4`) when that exists, else any ref; unknown → the reason. */
async function resolveEnd(
  repo: SourceRepository,
  tags: readonly TagRef[],
  prefix: string,
  ref: string,
): Promise<End | string> {
  const version = versionSchema.safeParse(ref);
  if (version.success) {
    const name = tagName(prefix, version.data);
    const tag = tags.find((t) => t.name === name);
    if (tag) return { commit: tag.commit, label: name, version: version.data };
  }
  const commit = await repo.resolve(ref);
  if (commit !== undefined) {
    const tagged = versionTags(prefix, tags).find((t) => t.tag.name === ref);
    return { commit, label: ref, version: tagged?.version };
  }
  return version.success
    ? `unknown version ${ref}: there is no tag ${tagName(prefix, version.data)} and no ref ${ref}`
    : `unknown ref ${ref}`;
}

/** The newest `<prefix>x.y.z` tag older than `to` (by version when `to` is one) and not on its commit. */
function olderTag(tags: readonly TagRef[], prefix: string, to: End): End | undefined {
  const { version } = to;
  const older = versionTags(prefix, tags).find(
    (t) => t.tag.commit !== to.commit && (version === undefined || semver.lt(t.version, version)),
  );
  return older ? { commit: older.tag.commit, label: older.tag.name, version: older.version } : undefined;
}
