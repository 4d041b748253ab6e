import type { ReadinessDocument } from '../../core/generators/readiness-document.js';
import { markdownInline, markdownProse } from './markdown-text.js';

/** Checklist text made inert, except the code spans the document's own words put around commands. */
function safe(text: string): string {
  return markdownInline(text)
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : markdownProse(part)))
    .join('');
}

/** The values `templates/readiness.mustache` receives: checklist text made inert, one box per item. */
export function readinessDocumentView(document: ReadinessDocument): Record<string, unknown> {
  const { assessed } = document;
  return {
    service: safe(document.service),
    env: safe(document.env),
    version: document.version === undefined ? 'not known (no deploy recorded)' : safe(document.version),
    minimum: document.minimum === undefined ? 'none set' : String(document.minimum),
    assessed: assessed !== undefined,
    score: assessed?.score ?? 0,
    band: safe(assessed?.band ?? ''),
    ready_text: assessed?.ready ? 'ready' : 'not ready',
    assessed_at: safe(assessed?.at ?? ''),
    deploy_id: safe(assessed?.deployId ?? ''),
    critical_count: document.criticalCount,
    assess_command: `\`${document.assessCommand}\``,
    sections: document.sections.map((section) => ({
      name: safe(section.name),
      items: section.items.map((item) => ({
        mark: item.checked ? 'x' : ' ',
        text: safe(item.text),
        critical: item.critical,
        weight: item.weight,
        how: safe(item.how),
        status: safe(item.status),
      })),
    })),
  };
}
