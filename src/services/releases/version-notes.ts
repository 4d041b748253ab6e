import type { DeploymentNoteOverrides } from '../../core/releases/deployment-notes.js';
import {
  buildReleaseNotes,
  type ReleaseApproval,
  type ReleaseNotes,
} from '../../core/releases/release-notes.js';
import { type ReleaseAsk, type ReleaseRead, type ReleaseReader, readRelease } from './read-release.js';

/** A version's range as read, and its 4.4 notes when the range could be read. */
export interface VersionNotes {
  readonly read: ReleaseRead;
  readonly notes: ReleaseNotes | undefined;
}

/**
 * Reads a version's range ({@link readRelease}) and builds its 4.4 notes, headed by the version (or `Unreleased`
 * for the range up to HEAD) and dated `date`; `approvals` fill the Approvals section (absent → no section) and
 * `overrides` (what a deploy request said) win over the commit footers in the Deployment Notes.
 */
export async function versionNotes(
  rt: ReleaseReader,
  ask: ReleaseAsk & {
    readonly date: Date;
    readonly approvals?: readonly ReleaseApproval[];
    readonly overrides?: DeploymentNoteOverrides;
  },
): Promise<VersionNotes> {
  const read = await readRelease(rt, ask);
  if (read.facts.repository !== 'read') return { read, notes: undefined };
  return {
    read,
    notes: buildReleaseNotes({
      heading: ask.version ?? 'Unreleased',
      date: ask.date,
      commits: read.commits,
      range: `${read.facts.from ?? ''}..${read.facts.to ?? ''}`,
      ...(ask.approvals ? { approvals: ask.approvals } : {}),
      ...(ask.overrides ? { overrides: ask.overrides } : {}),
    }),
  };
}
