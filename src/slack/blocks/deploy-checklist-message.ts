import type { KnownBlock, PlainTextOption } from '@slack/types';
import { CHECKLIST_MARK } from '../../core/checklist/checklist-mark.js';
import type { ChecklistEntry } from '../../core/checklist/deployment-checklist.js';
import { checklistProgress } from '../../core/checklist/deployment-checklist.js';
import { CHECKLIST_SECTIONS } from '../../core/checklist/deployment-checklist-items.js';
import type { DeployChecklistView } from '../../services/deploys/deploy-checklist.js';
import { IDS } from '../ids.js';
import type { RenderedMessage } from '../message-sync.js';
import { escapeMrkdwn, toMrkdwn } from '../render-mrkdwn.js';
import { checkboxGroup } from './checkbox-group.js';

/** One checklist line: its mark, its text and the evidence (or who ticked it). */
export function checklistLine(entry: ChecklistEntry): string {
  const evidence = entry.evidence.isEmpty ? '' : ` — ${toMrkdwn(entry.evidence, 400)}`;
  return `${CHECKLIST_MARK[entry.state]} ${escapeMrkdwn(entry.item.text)}${evidence}`;
}

/** The `block_id` of a section's checkboxes: the deploy and the section, read back by the click handler. */
export function checklistBlockId(deployId: string, section: number): string {
  return `${IDS.deployChecklist}|${deployId}|${section}`;
}

function option(entry: ChecklistEntry): PlainTextOption {
  return { text: { type: 'plain_text', text: entry.item.text.slice(0, 75) }, value: entry.item.id };
}

/**
 * The chapter's 9.1 deployment checklist in the deploy's thread, redrawn in place: what Shipgate proved from its
 * records with the evidence, and a checkbox group per section for what people tick (who ticked is shown).
 */
export function deployChecklistMessage(view: DeployChecklistView): RenderedMessage {
  const { deploy, entries } = view;
  const progress = checklistProgress(entries);
  const head = `:clipboard: *Deployment checklist for ${escapeMrkdwn(`${deploy.service} ${deploy.version}`)}* (${deploy.id}) — ${progress.done}/${progress.total} done`;
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: head } }];
  CHECKLIST_SECTIONS.forEach((section, index) => {
    const items = entries.filter((e) => e.item.section === section);
    const decided = items.filter((e) => !e.tickable || e.tickedBy !== undefined);
    const lines = decided.map(checklistLine).join('\n');
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `*${section}*\n${lines || '_nothing decided yet_'}`.slice(0, 3000) },
    });
    const tickable = items.filter((e) => e.tickable);
    if (tickable.length === 0) return;
    const ticked = tickable.filter((e) => e.tickedBy !== undefined).map(option);
    blocks.push(
      checkboxGroup(checklistBlockId(deploy.id, index), IDS.deployChecklist, tickable.map(option), ticked),
    );
  });
  return { channel: deploy.channel, text: head, blocks, threadOf: 'deploy' };
}
