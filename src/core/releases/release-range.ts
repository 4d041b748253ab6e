import semver from 'semver';
import type { TagRef } from './source-commit.js';

/** One end of a range: the commit and how people read it (`v2.5.4`, `HEAD`, `recorded commit abc1234`). */
export interface RangeEnd {
  readonly commit: string;
  readonly label: string;
}

/** A range to read; without `from` it starts at the root commit (included). */
export interface ReleaseRange {
  readonly to: RangeEnd;
  readonly from: RangeEnd | undefined;
  /** How the start was chosen, for the notes (`no tag of 2.5.3; the commit recorded on DEP-2026-0003`). */
  readonly note?: string;
}

/** What the range rules are decided from: the repository's tags and HEAD, and what runs now. */
export interface RangeFacts {
  readonly tagPrefix: string;
  /** The version being deployed or described; without one the range ends at HEAD (what the next version would hold). */
  readonly version?: string;
  readonly tags: readonly TagRef[];
  readonly head: string;
  /** The version running now in the environment, when Shipgate has deployed one. */
  readonly current?: string;
  /** The commit recorded on the current version's last deploy (`DeployRecord.release.commit`), and that deploy. */
  readonly recorded?: { readonly commit: string; readonly deployId: string };
}

/** The tag name of a version: `<prefix><version>`. */
export function tagName(prefix: string, version: string): string {
  return `${prefix}${version}`;
}

/** The versions of the `<prefix>x.y.z` tags, newest first. */
export function versionTags(prefix: string, tags: readonly TagRef[]): { version: string; tag: TagRef }[] {
  return tags
    .flatMap((tag) => {
      if (!tag.name.startsWith(prefix)) return [];
      const version = tag.name.slice(prefix.length);
      return semver.valid(version) === version ? [{ version, tag }] : [];
    })
    .sort((a, b) => semver.rcompare(a.version, b.version));
}

/**
 * The range rules. The commit being deployed is the tag `<prefix><version>` when it exists, else HEAD. The
 * range starts at the tag of the version running now, else the commit recorded on that version's last deploy, else
 * (before any deploy, or when neither is known) the newest `<prefix>x.y.z` tag older than the version, else the
 * root commit (`from` undefined).
 */
export function releaseRange(facts: RangeFacts): ReleaseRange {
  const byName = new Map(facts.tags.map((t) => [t.name, t.commit]));
  const toTag = facts.version === undefined ? undefined : tagName(facts.tagPrefix, facts.version);
  const toCommit = toTag === undefined ? undefined : byName.get(toTag);
  const to: RangeEnd =
    toTag && toCommit ? { commit: toCommit, label: toTag } : { commit: facts.head, label: 'HEAD' };
  if (facts.current !== undefined) {
    const currentTag = tagName(facts.tagPrefix, facts.current);
    const commit = byName.get(currentTag);
    if (commit) return { to, from: { commit, label: currentTag } };
    if (facts.recorded)
      return {
        to,
        from: { commit: facts.recorded.commit, label: facts.recorded.commit.slice(0, 7) },
        note: `no tag ${currentTag}; from the commit recorded on ${facts.recorded.deployId}`,
      };
  }
  const { version } = facts;
  const older = versionTags(facts.tagPrefix, facts.tags).find(
    (t) => (version === undefined || semver.lt(t.version, version)) && t.tag.commit !== to.commit,
  );
  const unknownCurrent = facts.current === undefined ? '' : `no tag or recorded commit of ${facts.current}; `;
  if (older)
    return {
      to,
      from: { commit: older.tag.commit, label: older.tag.name },
      ...(unknownCurrent ? { note: `${unknownCurrent}from the newest older tag` } : {}),
    };
  return { to, from: undefined, note: `${unknownCurrent}from the root commit` };
}
