import semver from 'semver';
import type { RepositoryConfig } from '../../core/config/shipgate-config-schema.js';
import { computeBump } from '../../core/deploys/versioning.js';
import { ownEntry } from '../../core/own-entry.js';
import { crossCheckBump } from '../../core/releases/cross-check-bump.js';
import { type ReleaseCommits, releaseCommits } from '../../core/releases/release-commits.js';
import type { ReleaseFacts } from '../../core/releases/release-facts.js';
import { type ReleaseRange, releaseRange } from '../../core/releases/release-range.js';
import { suggestBump } from '../../core/releases/suggest-bump.js';
import type { SourceRepository } from '../ports/source-repository.js';
import type { Runtime } from '../runtime.js';

/** What reading a release needs from the runtime (the CLI and tests pass just these). */
export type ReleaseReader = Pick<Runtime, 'config' | 'deploys' | 'repositoryFor'>;

/** A release's range as read: the facts a deploy stores, the commits, and the range when it could be read. */
export interface ReleaseRead {
  readonly facts: ReleaseFacts;
  readonly commits: ReleaseCommits;
  readonly range: ReleaseRange | undefined;
}

/** What to read: a service's version for an environment; `since` overrides the version the range starts from. */
export interface ReleaseAsk {
  readonly service: string;
  readonly env: string;
  /** The version being deployed; absent for "what the next version would hold" (the range ends at HEAD). */
  readonly version?: string;
  /** The version the range starts from (a deploy's `previousVersion`); by default what runs in `env` now. */
  readonly since?: string | null;
}

const NO_COMMITS: ReleaseCommits = { counted: [], listed: [] };

/** A service's repository and its settings, when both are configured. */
export function repositoryOf(
  rt: Pick<Runtime, 'config' | 'repositoryFor'>,
  service: string,
): { repo: SourceRepository; settings: RepositoryConfig } | undefined {
  const settings = ownEntry(rt.config.config.services, service)?.repository;
  const repo = rt.repositoryFor(service);
  return settings && repo ? { repo, settings } : undefined;
}

/**
 * Reads what a version holds, by the issue's range rules: from the tag (or recorded commit) of the version running
 * now to the version's tag (or HEAD), parsed as conventional commits, with the suggested bump and the cross-check
 * against the version numbers' bump. Never throws: no repository configured → `repository: 'none'`; a git failure
 * (not a repository, unknown ref, timeout) → `'unreadable'` with the reason in `note`.
 */
export async function readRelease(rt: ReleaseReader, ask: ReleaseAsk): Promise<ReleaseRead> {
  const found = repositoryOf(rt, ask.service);
  if (!found)
    return {
      facts: {
        repository: 'none',
        note: `no repository is configured for ${ask.service} (services.${ask.service}.repository)`,
      },
      commits: NO_COMMITS,
      range: undefined,
    };
  const since =
    ask.since === undefined ? (await rt.deploys.current(ask.service, ask.env))?.version : ask.since;
  const current = since && (ask.version === undefined || semver.gt(ask.version, since)) ? since : undefined;
  try {
    const { repo, settings } = found;
    const [tags, head] = await Promise.all([repo.tags(), repo.head()]);
    const recorded =
      current === undefined ? undefined : await recordedCommit(rt, ask.service, ask.env, current);
    const range = releaseRange({
      tagPrefix: settings.tag_prefix,
      tags,
      head,
      ...(ask.version !== undefined ? { version: ask.version } : {}),
      ...(current !== undefined ? { current } : {}),
      ...(recorded ? { recorded } : {}),
    });
    const source = await repo.commits({
      to: range.to.commit,
      ...(range.from ? { from: range.from.commit } : {}),
    });
    const commits = releaseCommits(source, (c) => repo.parse(c));
    const from =
      range.from?.label ?? `the root commit ${(await repo.rootCommit(range.to.commit)).slice(0, 7)}`;
    const suggestion = suggestBump(commits.counted);
    const versionCheck = ask.version === undefined ? undefined : computeBump(since ?? undefined, ask.version);
    const versionBump = versionCheck?.ok ? versionCheck.bump : undefined;
    const raisedBy = versionBump ? crossCheckBump(versionBump, commits.counted).raisedBy : [];
    const notes = [range.note, suggestion.note].filter((n) => n !== undefined);
    return {
      facts: {
        repository: 'read',
        ...(notes.length ? { note: notes.join('; ') } : {}),
        commit: range.to.commit,
        from,
        to: range.to.label,
        commitCount: commits.counted.length,
        suggested: suggestion.bump,
        ...(versionBump ? { versionBump } : {}),
        raisedBy,
      },
      commits,
      range,
    };
  } catch (err) {
    return {
      facts: {
        repository: 'unreadable',
        note: `cannot read ${ask.service}'s commits: ${err instanceof Error ? err.message : String(err)}`,
      },
      commits: NO_COMMITS,
      range: undefined,
    };
  }
}

/** The commit recorded on the last deploy of `version` to `env`, when one was recorded. */
async function recordedCommit(
  rt: Pick<Runtime, 'deploys'>,
  service: string,
  env: string,
  version: string,
): Promise<{ commit: string; deployId: string } | undefined> {
  const deploy = (await rt.deploys.recent(200, service)).find(
    (d) => d.env === env && d.version === version && d.kind !== 'rollback' && d.release?.commit,
  );
  return deploy?.release?.commit ? { commit: deploy.release.commit, deployId: deploy.id } : undefined;
}
