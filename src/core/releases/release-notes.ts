import { type ChangeGroup, groupChanges } from './change-sections.js';
import { type DeploymentNoteOverrides, type DeploymentNotes, deploymentNotes } from './deployment-notes.js';
import type { ReleaseCommits } from './release-commits.js';
import { suggestBump } from './suggest-bump.js';

/** One approval as the 4.4 Approvals section lists it. */
export interface ReleaseApproval {
  readonly role: string;
  readonly userId: string;
  readonly at: Date;
}

/**
 * A release's notes in the chapter's 4.4 shape, before any rendering: the heading (`2.5.4`, or `Unreleased` for a
 * range that ends at no version), the date, the non-empty change sections, the Deployment Notes, and the approvals
 * (undefined when there is no deploy record to read them from, e.g. the CLI).
 */
export interface ReleaseNotes {
  readonly heading: string;
  readonly date: Date;
  readonly groups: readonly ChangeGroup[];
  readonly deployment: DeploymentNotes;
  readonly approvals: readonly ReleaseApproval[] | undefined;
  /** The range as people read it (`v2.5.3..v2.5.4`). */
  readonly range: string;
  readonly commitCount: number;
  /** Said when the commits give nothing to group (no conventional commits, an empty range). */
  readonly note: string | undefined;
}

/** What notes are built from. */
export interface ReleaseNotesInput {
  readonly heading: string;
  readonly date: Date;
  readonly commits: ReleaseCommits;
  readonly range: string;
  readonly approvals?: readonly ReleaseApproval[];
  readonly overrides?: DeploymentNoteOverrides;
}

/** Builds a release's 4.4 notes from its range's commits. */
export function buildReleaseNotes(input: ReleaseNotesInput): ReleaseNotes {
  return {
    heading: input.heading,
    date: input.date,
    groups: groupChanges(input.commits.listed),
    deployment: deploymentNotes(input.commits.counted, input.overrides),
    approvals: input.approvals,
    range: input.range,
    commitCount: input.commits.counted.length,
    note: suggestBump(input.commits.counted).note,
  };
}
