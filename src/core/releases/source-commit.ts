/** A commit as the source repository gives it: full id, parent ids (two or more for a merge) and the whole message. */
export interface SourceCommit {
  readonly sha: string;
  readonly parents: readonly string[];
  readonly message: string;
}

/** A tag of the repository and the commit it points at (annotated tags peeled to their commit). */
export interface TagRef {
  readonly name: string;
  readonly commit: string;
}
