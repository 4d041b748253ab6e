import type { ParsedCommit } from '../../core/releases/parsed-commit.js';
import type { SourceCommit, TagRef } from '../../core/releases/source-commit.js';

/** A range of commits: from `from` (excluded) to `to` (included); without `from`, every ancestor of `to`. */
export interface CommitRange {
  readonly from?: string;
  readonly to: string;
}

/** How a tag creation ended: made now, or already there on the same commit (a retry finding its own tag). */
export type TagCreation = 'created' | 'exists';

/** An annotated tag to create. */
export interface NewTag {
  readonly name: string;
  readonly commit: string;
  readonly message: string;
  /** The tag's date (the clock's now), so tags never depend on the machine's clock. */
  readonly at: Date;
}

/**
 * A service's source repository, in release terms: its tags, commits and ranges, and tagging what survived
 * production. Every method rejects with an `Error` whose message says what went wrong in words (not a git
 * repository, unknown ref, timed out, the tag exists on another commit).
 */
export interface SourceRepository {
  /** Every tag with the commit it points at. */
  tags(): Promise<TagRef[]>;
  /** The commit a ref (tag, branch, sha) names, or undefined when it names none. */
  resolve(ref: string): Promise<string | undefined>;
  /** The commit checked out now. */
  head(): Promise<string>;
  /** The first commit of the history leading to `ref` (HEAD by default). */
  rootCommit(ref?: string): Promise<string>;
  /** The commits of a range, newest first, with parents and full messages. */
  commits(range: CommitRange): Promise<SourceCommit[]>;
  /** Reads one commit as a conventional commit (merge and squash commits by their PR title). */
  parse(commit: SourceCommit): ParsedCommit;
  /** Whether `path` exists in the tree of `commit`. */
  hasFile(commit: string, path: string): Promise<boolean>;
  /** Creates an annotated tag; an existing tag on the same commit is success, on another commit an error. */
  createTag(tag: NewTag): Promise<TagCreation>;
  /** Pushes one tag to a remote. */
  pushTag(remote: string, name: string): Promise<void>;
}
