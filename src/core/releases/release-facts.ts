import type { Bump } from '../deploys/deploy-types.js';

/** A commit named in a message: its short id and subject line. */
export interface CommitRef {
  readonly sha: string;
  readonly subject: string;
}

/**
 * What a deploy request learnt from the service's commits (chapter 4.1–4.2), stored on the deploy: the range read,
 * the bump the commits call for, and the commits that raised the approval rule above the version numbers' bump.
 * `repository: 'none' | 'unreadable'` is always said in the approval message, never silently ignored.
 */
export interface ReleaseFacts {
  readonly repository: 'read' | 'unreadable' | 'none';
  /** Why the range could not be read (no repository configured, unknown tag, git failed). */
  readonly note?: string;
  /** The commit being deployed (the version's tag, else HEAD). */
  readonly commit?: string;
  /** Where the range starts: a tag, a recorded commit, or the root commit, as people read it. */
  readonly from?: string;
  /** Where it ends: the version's tag or HEAD. */
  readonly to?: string;
  readonly commitCount?: number;
  /** The bump the commits call for: breaking → major, feat → minor, else patch. */
  readonly suggested?: Bump;
  /** The bump of the version numbers alone. */
  readonly versionBump?: Bump;
  /** The commits that raised the approval rule above `versionBump` (empty when nothing was raised). */
  readonly raisedBy?: readonly CommitRef[];
}
