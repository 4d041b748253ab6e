import type { ParsedCommit } from './parsed-commit.js';

/** The chapter's 4.4 change sections, in the order a changelog shows them. */
export const CHANGE_SECTIONS = ['Added', 'Changed', 'Fixed', 'Security'] as const;
/** One of the 4.4 change sections. */
export type ChangeSection = (typeof CHANGE_SECTIONS)[number];

/** One changelog line: what changed, with its references (user text from git). */
export interface ChangeEntry {
  readonly sha: string;
  readonly title: string;
  readonly scope: string | undefined;
  readonly references: readonly string[];
  readonly breaking: boolean;
}

/** A non-empty change section and its lines. */
export interface ChangeGroup {
  readonly section: ChangeSection;
  readonly entries: readonly ChangeEntry[];
}

/** Types that are housekeeping: left out of a changelog unless the commit is a breaking change. */
const HOUSEKEEPING = new Set(['chore', 'ci', 'docs', 'test', 'tests', 'style', 'build', 'release']);

/**
 * Where a commit goes in a 4.4 changelog, or undefined when it is left out. Security = type `security` or a
 * `Security:` footer; Added = `feat`; Fixed = `fix`; Changed = `refactor`, `perf`, `revert`, any other type, a
 * commit that is not conventional, and a breaking housekeeping commit. `chore`, `ci`, `docs`, `test`, `style` and
 * `build` commits are left out: they change nothing a user of the service sees.
 */
export function sectionOf(commit: ParsedCommit): ChangeSection | undefined {
  if (commit.type === 'security' || commit.footers.security !== undefined) return 'Security';
  if (commit.type === 'feat') return 'Added';
  if (commit.type === 'fix') return 'Fixed';
  if (commit.type !== undefined && HOUSEKEEPING.has(commit.type) && !commit.breaking) return undefined;
  return 'Changed';
}

/** Groups the listed commits of a range into the non-empty 4.4 sections, each in the commits' order. */
export function groupChanges(commits: readonly ParsedCommit[]): ChangeGroup[] {
  const groups = new Map<ChangeSection, ChangeEntry[]>();
  for (const commit of commits) {
    const section = sectionOf(commit);
    if (section === undefined) continue;
    const entries = groups.get(section) ?? [];
    entries.push({
      sha: commit.shortSha,
      title: commit.title,
      scope: commit.scope,
      references: commit.references,
      breaking: commit.breaking,
    });
    groups.set(section, entries);
  }
  return CHANGE_SECTIONS.flatMap((section) => {
    const entries = groups.get(section);
    return entries ? [{ section, entries }] : [];
  });
}
