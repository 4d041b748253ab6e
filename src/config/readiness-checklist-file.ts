import { dirname, resolve } from 'node:path';
import { validateWith } from '../core/config/config-issue.js';
import {
  type ReadinessChecklist,
  readinessChecklistSchema,
} from '../core/config/readiness-checklist-schema.js';
import type { ShipgateConfig } from '../core/config/shipgate-config-schema.js';
import { criticalItemGaps } from '../core/readiness/critical-items.js';
import type { ConfigProblem } from './config-problem.js';
import { problemAt, readYamlFile } from './yaml-file.js';

/**
 * Reads the `readiness.checklist` file (relative to the main config's folder) when `readiness:` is configured,
 * pushing located problems: schema mistakes and attest roles missing from `roles` refuse the config; one of the
 * chapter's five critical items (5.2) missing or not marked critical is a warning.
 */
export function readReadinessChecklist(
  mainPath: string,
  config: ShipgateConfig,
  problems: ConfigProblem[],
): { readonly checklist: ReadinessChecklist; readonly path: string } | undefined {
  if (config.readiness === undefined) return undefined;
  const path = resolve(dirname(mainPath), config.readiness.checklist);
  const read = readYamlFile(path);
  if (!read.ok) {
    problems.push(...read.problems);
    return undefined;
  }
  const parsed = validateWith(readinessChecklistSchema, read.data);
  if (!parsed.ok) {
    problems.push(...parsed.issues.map((issue) => problemAt(read.file, issue.path, issue.message)));
    return undefined;
  }
  const checklist = parsed.value;
  const before = problems.length;
  checklist.sections.forEach((section, si) => {
    section.items.forEach((item, ii) => {
      const role = item.attest?.role;
      if (role !== undefined && !Object.hasOwn(config.roles, role))
        problems.push(
          problemAt(
            read.file,
            ['sections', si, 'items', ii, 'attest', 'role'],
            `role "${role}" is not defined under roles in the main config`,
          ),
        );
    });
  });
  for (const gap of criticalItemGaps(checklist)) {
    const message =
      gap.problem === 'missing'
        ? `the chapter's critical item "${gap.name}" (5.2) is not in the checklist; a deploy can pass readiness without it`
        : `the chapter's critical item "${gap.name}" (5.2) is not marked critical: true`;
    const at = gap.at === undefined ? [] : ['sections', gap.at[0] ?? 0, 'items', gap.at[1] ?? 0];
    problems.push({ ...problemAt(read.file, at, message), severity: 'warning' });
  }
  const refused = problems.slice(before).some((p) => p.severity === undefined);
  return refused ? undefined : { checklist, path };
}
