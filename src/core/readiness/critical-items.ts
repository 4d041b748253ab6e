import type { ChecklistItem, ReadinessChecklist } from '../config/readiness-checklist-schema.js';

/** One of the chapter's five must-pass items (5.2) and how Shipgate recognises it in a checklist. */
export interface CriticalItem {
  readonly name: string;
  /** Item ids that mean this item. */
  readonly ids: readonly string[];
  /** The built-in check that means this item, when there is one. */
  readonly builtin?: string;
}

/**
 * The five critical items of 5.2. An item is recognised by one of its well-known ids or by its built-in check, so a
 * checklist may run "all tests pass" as a command (`id: tests_pass`) or as the built-in (`builtin: tests_passed`).
 */
export const CRITICAL_ITEMS: readonly CriticalItem[] = [
  { name: 'All tests pass', ids: ['tests_pass', 'tests_passed', 'all_tests_pass'], builtin: 'tests_passed' },
  { name: 'Security scan passes', ids: ['security_scan', 'security_scan_passes'] },
  {
    name: 'Rollback procedure tested',
    ids: ['rollback_tested', 'rollback_procedure', 'rollback_runbook'],
    builtin: 'rollback_runbook',
  },
  { name: 'On-call scheduled', ids: ['oncall', 'oncall_scheduled', 'on_call'], builtin: 'oncall_scheduled' },
  {
    name: 'Monitoring enabled',
    ids: ['monitoring_enabled', 'monitoring', 'monitoring_configured'],
    builtin: 'monitoring_configured',
  },
];

/** Whether a checklist item is the given critical item (by id or by built-in). */
export function isCriticalItem(critical: CriticalItem, item: ChecklistItem): boolean {
  return (
    critical.ids.includes(item.id) ||
    (critical.builtin !== undefined && item.check?.builtin === critical.builtin)
  );
}

/** What `config check` warns about: each of the five that is missing, or present but not marked critical. */
export function criticalItemGaps(checklist: ReadinessChecklist): {
  readonly name: string;
  readonly problem: 'missing' | 'not_critical';
  readonly at?: readonly number[];
}[] {
  const gaps: { name: string; problem: 'missing' | 'not_critical'; at?: number[] }[] = [];
  for (const critical of CRITICAL_ITEMS) {
    const found: { item: ChecklistItem; at: number[] }[] = [];
    checklist.sections.forEach((s, si) => {
      s.items.forEach((item, ii) => {
        if (isCriticalItem(critical, item)) found.push({ item, at: [si, ii] });
      });
    });
    if (found.length === 0) gaps.push({ name: critical.name, problem: 'missing' });
    else if (!found.some((f) => f.item.critical))
      gaps.push({ name: critical.name, problem: 'not_critical', at: found[0]?.at ?? [] });
  }
  return gaps;
}
