import { CHECKLIST_MARK } from '../../core/checklist/checklist-mark.js';
import type { ChecklistEntry } from '../../core/checklist/deployment-checklist.js';
import { checklistProgress } from '../../core/checklist/deployment-checklist.js';
import { CHECKLIST_SECTIONS } from '../../core/checklist/deployment-checklist-items.js';
import { type RichText, rich } from '../../core/text/rich-text.js';

/** The deployment checklist as lines for `/deploy status DEP-…`: a count, then each section's items with evidence. */
export function checklistLines(entries: readonly ChecklistEntry[]): RichText[] {
  const { done, total } = checklistProgress(entries);
  const lines: RichText[] = [rich`*Deployment checklist* — ${done}/${total} done`];
  for (const section of CHECKLIST_SECTIONS) {
    lines.push(rich`_${section}_`);
    for (const e of entries.filter((x) => x.item.section === section)) {
      const evidence = e.evidence.isEmpty ? rich`` : rich` — ${e.evidence}`;
      lines.push(rich`${CHECKLIST_MARK[e.state]} ${e.item.text}${evidence}`);
    }
  }
  return lines;
}
