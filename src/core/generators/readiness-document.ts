import type { ReadinessChecklist } from '../config/readiness-checklist-schema.js';
import type { Attestation } from '../readiness/attestation.js';
import { attestedItem } from '../readiness/attested-item.js';
import { BAND_WORDS } from '../readiness/readiness-band.js';
import type { ReadinessSummary } from '../readiness/readiness-summary.js';
import { itemCheckDescription } from './item-check-description.js';

/** One checklist line of the document: its box, what it is, how Shipgate checks it and how it stands. */
export interface ReadinessDocumentItem {
  readonly id: string;
  readonly text: string;
  readonly checked: boolean;
  readonly critical: boolean;
  readonly weight: number;
  readonly how: string;
  readonly status: string;
}

/** A readiness checklist document of one service (chapter 5.1), as the checklist and Shipgate's records stand. */
export interface ReadinessDocument {
  readonly service: string;
  readonly env: string;
  /** The version the document speaks of: asked, or the service's newest deploy to `env`; undefined when unknown. */
  readonly version: string | undefined;
  /** The score stored with the newest assessed deploy of that version, when there is one. */
  readonly assessed:
    | {
        readonly score: number;
        readonly band: string;
        readonly ready: boolean;
        readonly at: string;
        readonly deployId: string;
      }
    | undefined;
  readonly minimum: number | undefined;
  readonly criticalCount: number;
  readonly sections: readonly { readonly name: string; readonly items: readonly ReadinessDocumentItem[] }[];
  /** The command that assesses it now. */
  readonly assessCommand: string;
}

/** What the document is written from; `stored` is the readiness a deploy of `version` recorded. */
export interface ReadinessDocumentInput {
  readonly service: string;
  readonly env: string;
  readonly version: string | undefined;
  readonly checklist: ReadinessChecklist;
  readonly minimum: number | undefined;
  readonly stored?: { readonly summary: ReadinessSummary; readonly deployId: string } | undefined;
  readonly attestations: readonly Attestation[];
  readonly validForMs: number;
  readonly now: Date;
}

/**
 * The service's readiness document: every checklist item in its section, with how Shipgate checks it. With a
 * stored assessment (the readiness gate stores one on each deploy it scores), each box is as that assessment found it
 * and the score is its score; without one, an attest item is ticked while a valid tick is stored and every `check`
 * item is open until an assessment runs.
 */
export function readinessDocument(input: ReadinessDocumentInput): ReadinessDocument {
  const { stored } = input;
  const gaps = new Map((stored?.summary.gaps ?? []).map((g) => [g.id, g]));
  const ticks = new Map(input.attestations.map((a) => [a.itemId, a]));
  const version = input.version ?? '<version>';
  const assessCommand = `npx shipgate readiness ${input.service} ${version} --env ${input.env}`;
  const sections = input.checklist.sections.map((section) => ({
    name: section.name,
    items: section.items.map((item): ReadinessDocumentItem => {
      const base = {
        id: item.id,
        text: item.text,
        critical: item.critical,
        weight: item.weight,
        how: itemCheckDescription(item, input.env),
      };
      if (stored) {
        const gap = gaps.get(item.id);
        return gap
          ? { ...base, checked: false, status: `failed: ${gap.reason}` }
          : { ...base, checked: true, status: `passed (${stored.deployId}, ${stored.summary.at})` };
      }
      if (item.attest !== undefined) {
        const result = attestedItem(item, section.name, ticks.get(item.id), input.validForMs, input.now);
        const who = result.passed && result.attestedBy ? ` (${result.attestedBy}, ${result.attestedAt})` : '';
        return { ...base, checked: result.passed, status: `${result.reason}${who}` };
      }
      return { ...base, checked: false, status: 'not checked yet' };
    }),
  }));
  return {
    service: input.service,
    env: input.env,
    version: input.version,
    assessed: stored
      ? {
          score: stored.summary.score,
          band: BAND_WORDS[stored.summary.band],
          ready: stored.summary.ready,
          at: stored.summary.at,
          deployId: stored.deployId,
        }
      : undefined,
    minimum: input.minimum,
    criticalCount: sections.flatMap((s) => s.items).filter((i) => i.critical).length,
    sections,
    assessCommand,
  };
}
