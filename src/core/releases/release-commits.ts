import type { ParsedCommit } from './parsed-commit.js';
import type { SourceCommit } from './source-commit.js';

/**
 * The commits of a range as releases read them. `counted` decides the bump and the cross-check: every commit that
 * says something (a merge without a PR title, such as `Merge branch 'main'`, says nothing). `listed` is what a
 * changelog shows: a merge whose PR title is conventional stands for the commits it brought in (they are counted,
 * not listed twice); a merge whose PR title is not conventional lets its commits speak for themselves.
 */
export interface ReleaseCommits {
  readonly counted: readonly ParsedCommit[];
  readonly listed: readonly ParsedCommit[];
}

/**
 * Sorts a range's commits (newest first, as git lists them) into what is counted and what is listed; `parse` reads
 * one commit as a conventional commit (the repository's parser).
 */
export function releaseCommits(
  commits: readonly SourceCommit[],
  parse: (commit: SourceCommit) => ParsedCommit,
): ReleaseCommits {
  const bySha = new Map(commits.map((c) => [c.sha, c]));
  const parsed = commits.map((c) => parse(c));
  const hidden = new Set<string>();
  const mergesShown = new Set<string>();
  for (const [i, commit] of commits.entries()) {
    const read = parsed[i];
    if (!read?.merge || read.pullRequest === undefined) continue;
    const inner = broughtIn(commit, bySha);
    if (read.type !== undefined || inner.size === 0) {
      mergesShown.add(commit.sha);
      for (const sha of inner) hidden.add(sha);
    }
  }
  const counted = parsed.filter((c) => !c.merge || mergesShown.has(c.sha));
  return { counted, listed: counted.filter((c) => !hidden.has(c.sha)) };
}

/** The commits of the range a merge brought in: reachable from its second parent, not from its first. */
function broughtIn(merge: SourceCommit, bySha: ReadonlyMap<string, SourceCommit>): Set<string> {
  const [first, ...others] = merge.parents;
  const mainline = ancestors(first === undefined ? [] : [first], bySha);
  const side = ancestors(others, bySha);
  for (const sha of mainline) side.delete(sha);
  return side;
}

function ancestors(starts: readonly string[], bySha: ReadonlyMap<string, SourceCommit>): Set<string> {
  const seen = new Set<string>();
  const stack = [...starts];
  while (stack.length > 0) {
    const sha = stack.pop();
    if (sha === undefined || seen.has(sha)) continue;
    const commit = bySha.get(sha);
    if (!commit) continue;
    seen.add(sha);
    stack.push(...commit.parents);
  }
  return seen;
}
