import { z } from 'zod';
import { templateSchema } from './deploy-target-schema.js';
import { durationSchema } from './duration.js';
import { envVarNameSchema, roleNameSchema } from './identifier-schemas.js';
import { expectedMessage, strictObject } from './typed-value.js';

/** The checks Shipgate knows how to run itself (issue #10, item 5). */
export const READINESS_BUILTINS = [
  'oncall_scheduled',
  'rollback_runbook',
  'monitoring_configured',
  'tests_passed',
  'emergency_stop_tested',
] as const;
/** One built-in readiness check. */
export type ReadinessBuiltin = (typeof READINESS_BUILTINS)[number];

/** A check's timeout when it sets none. */
export const DEFAULT_READINESS_CHECK_TIMEOUT = '30s';

const itemId = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, { error: (i) => expectedMessage('an item id such as tests_pass', i.input) });

/**
 * How an item is checked: a command line (exit 0 passes; filled and run like a validation), an HTTP GET (2xx
 * passes) or a built-in; each with its own `timeout`. `path` overrides the runbook of `rollback_runbook`.
 */
const check = strictObject({
  command: templateSchema.optional(),
  http: templateSchema.optional(),
  builtin: z.enum(READINESS_BUILTINS).optional(),
  path: z.string().min(1).optional(),
  timeout: durationSchema.prefault(DEFAULT_READINESS_CHECK_TIMEOUT),
  env: z.record(envVarNameSchema, z.string()).default({}),
  pass_env: z.array(envVarNameSchema).default([]),
}).superRefine((c, ctx) => {
  const kinds = [c.command, c.http, c.builtin].filter((k) => k !== undefined).length;
  if (kinds !== 1)
    ctx.addIssue({ code: 'custom', message: 'expected exactly one of command, http or builtin' });
  if (c.path !== undefined && c.builtin !== 'rollback_runbook')
    ctx.addIssue({
      code: 'custom',
      path: ['path'],
      message: 'path is only for the rollback_runbook built-in',
    });
});

/** One checklist item: checked by Shipgate (`check`) or ticked by a person in a role (`attest`). */
const item = strictObject({
  id: itemId,
  text: z.string().min(1),
  critical: z.boolean().default(false),
  weight: z.number().positive().default(1),
  check: check.optional(),
  attest: strictObject({ role: roleNameSchema }).optional(),
}).superRefine((i, ctx) => {
  if ((i.check === undefined) === (i.attest === undefined))
    ctx.addIssue({ code: 'custom', message: 'expected exactly one of check or attest' });
});

const section = strictObject({
  name: z.string().min(1),
  items: z.array(item).min(1),
});

/** `readiness-checklist.yml`: the chapter's 5.1 checklist as sections of items; item ids are unique in the file. */
export const readinessChecklistSchema = strictObject({
  sections: z.array(section).min(1),
}).superRefine((list, ctx) => {
  const seen = new Set<string>();
  list.sections.forEach((s, si) => {
    s.items.forEach((i, ii) => {
      if (seen.has(i.id))
        ctx.addIssue({
          code: 'custom',
          path: ['sections', si, 'items', ii, 'id'],
          message: `item id "${i.id}" is used twice`,
        });
      seen.add(i.id);
    });
  });
});

/** The validated checklist. */
export type ReadinessChecklist = z.output<typeof readinessChecklistSchema>;
/** One validated checklist item. */
export type ChecklistItem = z.output<typeof item>;
/** One validated item check. */
export type ChecklistCheck = z.output<typeof check>;
