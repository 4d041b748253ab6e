import type { KnownBlock, PlainTextOption } from '@slack/types';
import type { ItemResult } from '../../core/readiness/item-result.js';
import { BAND_WORDS } from '../../core/readiness/readiness-band.js';
import type { ReadinessMessageView } from '../../services/readiness/readiness-service.js';
import { IDS } from '../ids.js';
import type { RenderedMessage } from '../message-sync.js';
import { escapeMrkdwn, slackDate } from '../render-mrkdwn.js';
import { checkboxGroup } from './checkbox-group.js';

/** Slack's limits for an option's text and description, and a section's text. */
const OPTION_MAX = 75;
const SECTION_MAX = 2900;

/** The block id of a section's checkboxes: the message id and the section's index (never trusted for roles). */
export function readinessBlockId(messageId: string, section: number): string {
  return `${IDS.readinessBlockPrefix}${messageId}|${section}`;
}

/** The message id a checkbox block id names, or undefined for a block id of another kind. */
export function readinessMessageOf(blockId: string): string | undefined {
  if (!blockId.startsWith(IDS.readinessBlockPrefix)) return undefined;
  return blockId.slice(IDS.readinessBlockPrefix.length).split('|')[0];
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function itemLine(item: ItemResult): string {
  const mark = item.passed ? ':white_check_mark:' : ':x:';
  const critical = item.critical ? ' *(critical)*' : '';
  const who = item.attestedBy ? ` — <@${item.attestedBy}>` : '';
  return `${mark} ${escapeMrkdwn(item.text)}${critical}: ${escapeMrkdwn(item.reason)}${who}`;
}

function option(item: ItemResult): PlainTextOption {
  return {
    text: { type: 'plain_text', text: cut(item.text, OPTION_MAX), emoji: false },
    description: {
      type: 'plain_text',
      text: cut(item.passed ? item.reason : `${item.role ?? ''}: ${item.reason}`, OPTION_MAX),
    },
    value: item.id,
  };
}

/**
 * A `/readiness` result: the score, band and verdict, then each section with ✓/✗ and the reason of every item, and
 * the section's attest items as checkboxes (ticked while a valid attestation exists). Clicking one reaches
 * `IDS.readinessAttest`; the server decides from the stored config whether the clicker may.
 */
export function readinessMessage(view: ReadinessMessageView): RenderedMessage {
  const { assessment } = view;
  const { summary } = assessment;
  const title = `Readiness of ${assessment.service} ${assessment.version} for ${assessment.env}`;
  const verdict = summary.ready ? ':large_green_circle: READY' : ':red_circle: NOT READY';
  const criticalFailed = summary.gaps.some((g) => g.critical);
  const minimum = summary.minimum === undefined ? 'no minimum score set' : `minimum ${summary.minimum}`;
  const band = criticalFailed ? 'DO NOT DEPLOY: a critical item failed' : BAND_WORDS[summary.band];
  const text = `${title}: ${summary.score}/100, ${summary.ready ? 'ready' : 'not ready'}`;
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: cut(title, 150), emoji: true } },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: assessment.problem
          ? `${verdict} — ${escapeMrkdwn(assessment.problem)}`
          : `${verdict} · *Score ${summary.score}/100* (${minimum}) · ${escapeMrkdwn(band)}`,
      },
    },
  ];
  const sections = [...new Set(assessment.items.map((i) => i.section))];
  sections.forEach((name, index) => {
    const items = assessment.items.filter((i) => i.section === name);
    const lines = items.map(itemLine).join('\n');
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: cut(`*${escapeMrkdwn(name)}*\n${lines}`, SECTION_MAX) },
    });
    const attest = items.filter((i) => i.kind === 'attest').slice(0, 10);
    if (attest.length === 0) return;
    const options = attest.map(option);
    const ticked = attest.flatMap((item, i) => (item.passed && options[i] ? [options[i]] : []));
    blocks.push(checkboxGroup(readinessBlockId(view.id, index), IDS.readinessAttest, options, ticked));
  });
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: `Checked ${slackDate(new Date(summary.at))}` }],
  });
  return { channel: view.channel, text, blocks };
}
