import type { ItemResult } from '../core/readiness/item-result.js';
import type { ReadinessAssessment } from '../core/readiness/readiness-assessment.js';
import { BAND_WORDS } from '../core/readiness/readiness-band.js';

const RULE = '========================================';

function line(item: ItemResult): string {
  const mark = item.passed ? '✓ PASS' : '✗ FAIL';
  const who = item.attestedBy && item.passed ? ` by ${item.attestedBy} at ${item.attestedAt}` : '';
  return `${item.text}... ${mark} (${item.reason}${who})`;
}

/**
 * The chapter's 5.3 verification output for an assessment: header, `[CRITICAL CHECKS]`, the other items by
 * section, the score and band, and `RESULT: READY FOR PRODUCTION` or `RESULT: NOT READY FOR PRODUCTION`.
 */
export function readinessReport(assessment: ReadinessAssessment): string {
  const { summary } = assessment;
  const out = [
    RULE,
    'Production Readiness Verification',
    `Environment: ${assessment.env}`,
    `Version: ${assessment.version}`,
  ];
  out.push(`Service: ${assessment.service}`, RULE, '', '[CRITICAL CHECKS]');
  const critical = assessment.items.filter((i) => i.critical);
  out.push(...(critical.length > 0 ? critical.map(line) : ['(the checklist marks no item critical)']));
  const sections = [...new Set(assessment.items.filter((i) => !i.critical).map((i) => i.section))];
  for (const section of sections) {
    out.push('', `[${section.toUpperCase()}]`);
    out.push(...assessment.items.filter((i) => !i.critical && i.section === section).map(line));
  }
  const criticalFailed = critical.some((i) => !i.passed);
  const minimum = summary.minimum === undefined ? 'no minimum score set' : `minimum ${summary.minimum}`;
  out.push('', `SCORE: ${summary.score}/100 (${minimum})`);
  out.push(`BAND: ${criticalFailed ? 'DO NOT DEPLOY (a critical item failed)' : BAND_WORDS[summary.band]}`);
  out.push('', RULE, `RESULT: ${summary.ready ? 'READY' : 'NOT READY'} FOR PRODUCTION`, RULE);
  if (criticalFailed) out.push('Critical checks failed. Do not deploy.');
  return `${out.join('\n')}\n`;
}
