/**
 * A commit read as a conventional commit (or not): what the changelog, the suggestion and the cross-check use.
 * `title` is what a changelog line shows: the conventional subject, the PR title of a merge or squash commit, or the
 * header as written when the commit is not conventional. Everything here came from git: it is user text.
 */
export interface ParsedCommit {
  readonly sha: string;
  /** The first seven characters of `sha`. */
  readonly shortSha: string;
  /** The commit's first line as written. */
  readonly header: string;
  /** Lower-case conventional type (`feat`, `fix`, `security`…); undefined when the commit is not conventional. */
  readonly type: string | undefined;
  readonly scope: string | undefined;
  readonly title: string;
  /** `!` after the type, or a `BREAKING CHANGE:` / `BREAKING-CHANGE:` footer. */
  readonly breaking: boolean;
  /** The text of the breaking-change footer, when there is one. */
  readonly breakingNote: string | undefined;
  /** Issue and PR references (`#123`), in the order they appear, without duplicates. */
  readonly references: readonly string[];
  /** Footer trailers (`Migration: yes`) keyed by their lower-case token. */
  readonly footers: Readonly<Record<string, string>>;
  /** True for a merge commit (two or more parents). */
  readonly merge: boolean;
  /** The pull request a merge or squash commit names (`#12`). */
  readonly pullRequest: string | undefined;
}
