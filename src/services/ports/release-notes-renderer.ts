import type { ReleaseNotes } from '../../core/releases/release-notes.js';

/** How the Markdown names an approver: `@U0BOB` in the terminal, a display name where one is known. */
export type ApproverName = (userId: string) => string;

/** Renders release notes as a 4.4 changelog entry in Markdown, from the user-editable template in `templates/`. */
export interface ReleaseNotesRenderer {
  markdown(notes: ReleaseNotes, nameOf: ApproverName): string;
}
