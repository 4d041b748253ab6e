import type { Bump } from '../deploys/deploy-types.js';
import type { ParsedCommit } from './parsed-commit.js';
import type { CommitRef } from './release-facts.js';
import { biggerBump, commitRef, suggestBump } from './suggest-bump.js';

/** The bump whose approval rule applies, and the commits that raised it above the version numbers' bump. */
export interface CrossCheckedBump {
  readonly bump: Bump;
  readonly raisedBy: readonly CommitRef[];
}

/**
 * The design's cross-check (chapter 4.1): when the commits call for a bigger bump than the version numbers, the
 * bigger one applies. `raisedBy` names the breaking commits when the raise is to MAJOR and the `feat` commits when it
 * is to MINOR; it is empty when the version numbers' bump stands.
 */
export function crossCheckBump(versionBump: Bump, commits: readonly ParsedCommit[]): CrossCheckedBump {
  const suggested = suggestBump(commits).bump;
  if (!biggerBump(suggested, versionBump)) return { bump: versionBump, raisedBy: [] };
  const causes =
    suggested === 'major' ? commits.filter((c) => c.breaking) : commits.filter((c) => c.type === 'feat');
  return { bump: suggested, raisedBy: causes.map(commitRef) };
}
