import { z } from 'zod';
import { templateSchema } from './deploy-target-schema.js';
import { durationSchema } from './duration.js';
import { exactlyOneKey } from './exactly-one-key.js';
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
  command: templateSchema
    .optional()
    .describe(
      "A command line; exit 0 passes. Run like a validation (`{service} {version} {env}` filled in, no shell) in the service's repository folder, else the main file's folder.",
    ),
  http: templateSchema.optional().describe('A URL to GET; a 2xx answer passes.'),
  builtin: z
    .enum(READINESS_BUILTINS)
    .optional()
    .describe(
      '`oncall_scheduled` (PagerDuty, else the `on-call-engineer` role), `rollback_runbook` (the runbook exists in the repository), `monitoring_configured` (the service has watch queries), `tests_passed` (a Shipgate deploy of the same version in another environment passed all its validations), `emergency_stop_tested` (a `/shipgate agents stop` → `agents resume` drill recorded within `readiness.attestation_valid_for`).',
    ),
  path: z
    .string()
    .min(1)
    .optional()
    .describe(
      'The runbook `rollback_runbook` looks for, in the repository (default `runbooks/rollback-<env>.md`).',
    ),
  timeout: durationSchema
    .prefault(DEFAULT_READINESS_CHECK_TIMEOUT)
    .describe('How long the check may take; a hung one fails with "timed out after …".'),
  env: z
    .record(envVarNameSchema.meta({ title: 'NAME' }), z.string().describe("The variable's literal value."))
    .default({})
    .describe("Literal variables for the command, like a validation's `env`."),
  pass_env: z
    .array(envVarNameSchema)
    .default([])
    .describe("Names copied from Shipgate's own environment, like a validation's `pass_env`."),
})
  .superRefine((c, ctx) => {
    const kinds = [c.command, c.http, c.builtin].filter((k) => k !== undefined).length;
    if (kinds !== 1)
      ctx.addIssue({ code: 'custom', message: 'expected exactly one of command, http or builtin' });
    if (c.path !== undefined && c.builtin !== 'rollback_runbook')
      ctx.addIssue({
        code: 'custom',
        path: ['path'],
        message: 'path is only for the rollback_runbook built-in',
      });
  })
  .meta({
    ...exactlyOneKey(['command', 'http', 'builtin']),
    dependentSchemas: {
      path: { required: ['builtin'], properties: { builtin: { const: 'rollback_runbook' } } },
    },
  })
  .describe(
    'Shipgate checks the item: exactly one of `command`, `http` or `builtin`. Checks run in parallel.',
  );

/** One checklist item: checked by Shipgate (`check`) or ticked by a person in a role (`attest`). */
const item = strictObject({
  id: itemId.describe(
    "Unique in the file, e.g. `tests_pass`; `config check` recognises the chapter's five critical items by id (or built-in).",
  ),
  text: z.string().min(1).describe('What the item asks, as the checklist shows it.'),
  critical: z
    .boolean()
    .default(false)
    .describe('A failed critical item means **DO NOT DEPLOY** whatever the score.'),
  weight: z
    .number()
    .positive()
    .default(1)
    .describe("The item's share of the score (the weighted share of passed items, rounded down)."),
  check: check.optional(),
  attest: strictObject({
    role: roleNameSchema.describe('The role whose members may tick it.'),
  })
    .optional()
    .describe(
      'A person ticks the item: a checkbox that only members of `role` may tick, counting for `readiness.attestation_valid_for`.',
    ),
})
  .superRefine((i, ctx) => {
    if ((i.check === undefined) === (i.attest === undefined))
      ctx.addIssue({ code: 'custom', message: 'expected exactly one of check or attest' });
  })
  .meta(exactlyOneKey(['check', 'attest']))
  .describe('One item: exactly one of `check` or `attest`.');

const section = strictObject({
  name: z.string().min(1).describe('The section, e.g. `Code & Configuration`.'),
  items: z.array(item).min(1).describe("The section's items."),
}).describe('One section of the checklist.');

/** `readiness-checklist.yml`: the chapter's 5.1 checklist as sections of items; item ids are unique in the file. */
export const readinessChecklistSchema = strictObject({
  sections: z.array(section).min(1).describe('The checklist (chapter 5.1), section by section.'),
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
