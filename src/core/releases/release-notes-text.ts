import { instant, joinRich, markup, mention, type RichText, rich } from '../text/rich-text.js';
import { entryText, yesNo } from './entry-text.js';
import type { ReleaseNotes } from './release-notes.js';
import { roleLabel } from './role-label.js';

/**
 * Release notes as a chat message (the deploy thread, `/release notes`): the 4.4 sections as lines, every word that
 * came from git placed as user text (escaped by whichever renderer shows it), approvers as mentions and dates as
 * instants. Empty change sections are left out; Approvals is shown only when there is a deploy to read them from.
 */
export function releaseNotesLines(notes: ReleaseNotes): RichText[] {
  const lines: RichText[] = [
    rich`*Release notes ${notes.heading}* (${notes.range}, ${notes.commitCount} commit${notes.commitCount === 1 ? '' : 's'})`,
  ];
  if (notes.note) lines.push(rich`_${notes.note}_`);
  for (const group of notes.groups) {
    lines.push(markup(`*${group.section}*`));
    for (const entry of group.entries) lines.push(rich`• ${entryText(entry)}`);
  }
  const d = notes.deployment;
  lines.push(markup('*Deployment Notes*'));
  lines.push(markup(`• Database migration required: ${yesNo(d.migration)}`));
  lines.push(markup(`• Backward compatible: ${yesNo(d.backwardCompatible)}`));
  lines.push(rich`• Rollback procedure: ${d.rollback}`);
  if (notes.approvals !== undefined) {
    lines.push(markup('*Approvals*'));
    if (notes.approvals.length === 0) lines.push(markup('• none yet'));
    for (const a of notes.approvals)
      lines.push(rich`• ${roleLabel(a.role)}: ${mention(a.userId)} (${instant(a.at, 'date')})`);
  }
  return lines;
}

/** {@link releaseNotesLines} as one message, one line each. */
export function releaseNotesText(notes: ReleaseNotes): RichText {
  return joinRich(releaseNotesLines(notes), '\n');
}
