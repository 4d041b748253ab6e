import type { Bump } from '../deploys/deploy-types.js';
import type { ParsedCommit } from './parsed-commit.js';
import type { CommitRef } from './release-facts.js';

/** The bump a range's commits call for, the commits that decide it, and a note when the commits say nothing. */
export interface BumpSuggestion {
  readonly bump: Bump;
  readonly deciding: readonly CommitRef[];
  readonly note?: string;
}

const RANK: Readonly<Record<Bump, number>> = { patch: 0, minor: 1, major: 2 };

/** True when `a` is a bigger bump than `b` (major > minor > patch). */
export function biggerBump(a: Bump, b: Bump): boolean {
  return RANK[a] > RANK[b];
}

/** A commit as messages name it. */
export function commitRef(commit: ParsedCommit): CommitRef {
  return { sha: commit.shortSha, subject: commit.header };
}

/**
 * Chapter 4.2's "suggest version based on commits": a breaking change → MAJOR (decided by the breaking commits),
 * else a `feat` → MINOR (the features), else PATCH (the fixes). A range with no conventional commit at all is a
 * PATCH with a note saying so, so nobody mistakes the default for a reading.
 */
export function suggestBump(commits: readonly ParsedCommit[]): BumpSuggestion {
  const breaking = commits.filter((c) => c.breaking);
  if (breaking.length > 0) return { bump: 'major', deciding: breaking.map(commitRef) };
  const features = commits.filter((c) => c.type === 'feat');
  if (features.length > 0) return { bump: 'minor', deciding: features.map(commitRef) };
  const fixes = commits.filter((c) => c.type === 'fix' || c.type === 'security');
  if (commits.some((c) => c.type !== undefined)) return { bump: 'patch', deciding: fixes.map(commitRef) };
  return {
    bump: 'patch',
    deciding: [],
    note:
      commits.length === 0
        ? 'the range holds no commits; patch is the default'
        : 'no conventional commits in the range; patch is the default',
  };
}
