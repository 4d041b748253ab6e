import { entryText, yesNo } from '../../core/releases/entry-text.js';
import type { ReleaseNotes } from '../../core/releases/release-notes.js';
import { roleLabel } from '../../core/releases/role-label.js';
import { formatUtc } from '../../core/text/plain-text.js';
import type { ApproverName, ReleaseNotesRenderer } from '../../services/ports/release-notes-renderer.js';
import { MarkdownTemplateRenderer } from './markdown-template-renderer.js';
import { markdownInline, markdownText } from './markdown-text.js';

/** The changelog template's file name in `templates/`. */
export const CHANGELOG_TEMPLATE = 'changelog.mustache';

/** Text from git made inert and kept on its list item's line. */
function safe(text: string): string {
  return markdownText(markdownInline(text));
}

/**
 * The template's values for one release: every line that came from git (titles, scopes, rollback procedures) and
 * every approver name made inert Markdown on one line, dates as `YYYY-MM-DD` in UTC.
 */
export function releaseNotesView(notes: ReleaseNotes, nameOf: ApproverName): Record<string, unknown> {
  return {
    heading: safe(notes.heading),
    date: formatUtc(notes.date, 'date'),
    sections: notes.groups.map((g) => ({
      title: g.section,
      entries: g.entries.map((e) => safe(entryText(e))),
    })),
    note: notes.note ? safe(notes.note) : undefined,
    migration: yesNo(notes.deployment.migration),
    backwardCompatible: yesNo(notes.deployment.backwardCompatible),
    rollback: safe(notes.deployment.rollback),
    showApprovals: notes.approvals !== undefined,
    approvals: (notes.approvals ?? []).map((a) => ({
      role: safe(roleLabel(a.role)),
      person: safe(nameOf(a.userId)),
      date: formatUtc(a.at, 'date'),
    })),
  };
}

/** Renders release notes with the user-editable `templates/changelog.mustache` (read on every render). */
export class MarkdownReleaseNotesRenderer implements ReleaseNotesRenderer {
  private readonly renderer: MarkdownTemplateRenderer;

  constructor(dir?: string) {
    this.renderer = new MarkdownTemplateRenderer(dir);
  }

  markdown(notes: ReleaseNotes, nameOf: ApproverName): string {
    return this.renderer.render(CHANGELOG_TEMPLATE, releaseNotesView(notes, nameOf));
  }
}
