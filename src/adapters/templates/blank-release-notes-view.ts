import { CHANGE_SECTIONS } from '../../core/releases/change-sections.js';
import { STANDARD_ROLLBACK } from '../../core/releases/deployment-notes.js';
import { formatUtc } from '../../core/text/plain-text.js';
import { markdownInline, markdownText } from './markdown-text.js';

/**
 * The changelog template's values for release notes to fill in by hand (no repository to read commits from):
 * every 4.4 change section, empty; the Deployment Notes as questions; `note` (why it is empty) in place of the
 * commits' note; the Approvals section with none recorded.
 */
export function blankReleaseNotesView(heading: string, date: Date, note: string): Record<string, unknown> {
  const safe = (text: string) => markdownText(markdownInline(text));
  return {
    heading: safe(heading),
    date: formatUtc(date, 'date'),
    sections: CHANGE_SECTIONS.map((title) => ({ title, entries: [] })),
    note: safe(note),
    migration: 'YES / NO',
    backwardCompatible: 'YES / NO',
    rollback: STANDARD_ROLLBACK,
    showApprovals: true,
    approvals: [],
  };
}
