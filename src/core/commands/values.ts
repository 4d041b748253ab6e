import semver from 'semver';
import { z } from 'zod';

/** A service or environment name as written in config: lowercase words joined by `-` or `_`. */
export const nameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,62}$/, 'expected a lowercase name such as checkout or production');

/**
 * What every strict SemVer version starts with. A word without it is refused before `semver.valid`, which would
 * throw and catch an error to say the same; the result is `semver.valid`'s either way.
 */
const SEMVER_START = /^\s*v?\d+\.\d+\.\d+/;

/** A SemVer version; a leading `v` is accepted and dropped (`v2.5.4` → `2.5.4`). */
export const versionSchema = z
  .string()
  .transform((v) => v.replace(/^v(?=\d)/, ''))
  .refine((v) => SEMVER_START.test(v) && semver.valid(v) !== null, 'expected a SemVer version such as 2.5.4');

/** Deployment strategies from the chapter's section 3.1. */
export const strategySchema = z.enum(['blue-green', 'canary', 'rolling', 'recreate'], {
  error: 'expected one of blue-green, canary, rolling, recreate',
});

/** A deploy id such as `DEP-2026-0042`. */
export const deployIdSchema = z
  .string()
  .transform((v) => v.toUpperCase())
  .refine((v) => /^DEP-\d{4}-\d{4,}$/.test(v), 'expected a deploy id such as DEP-2026-0042');

/** An incident id such as `INC-2026-0007`. */
export const incidentIdSchema = z
  .string()
  .transform((v) => v.toUpperCase())
  .refine((v) => /^INC-\d{4}-\d{4,}$/.test(v), 'expected an incident id such as INC-2026-0007');

/** A severity `SEV-1` … `SEV-4` (case-insensitive, `sev1` accepted). */
export const severitySchema = z
  .string()
  .transform((v) => v.toUpperCase().replace(/^SEV-?/, 'SEV-'))
  .pipe(
    z.enum(['SEV-1', 'SEV-2', 'SEV-3', 'SEV-4'], {
      error: 'expected a severity SEV-1, SEV-2, SEV-3 or SEV-4',
    }),
  );

/** Incident severities, most severe first. */
export type Severity = z.infer<typeof severitySchema>;

/**
 * A Slack user as typed in a command: `<@U123>` or `<@U123|bob>` (escaped by Slack) gives an id; a bare `@bob`
 * gives a handle to be looked up.
 */
export const userRefSchema = z.string().transform((v, ctx) => {
  const escaped = /^<@([UW][A-Z0-9]+)(?:\|([^>]*))?>$/.exec(v);
  if (escaped?.[1]) return { id: escaped[1] } as const;
  const handle = /^@([a-z0-9._-]{1,80})$/i.exec(v);
  if (handle?.[1]) return { handle: handle[1].toLowerCase() } as const;
  ctx.addIssue({ code: 'custom', message: 'expected a person such as @bob' });
  return z.NEVER;
});

/** A person named in a command: a Slack user id, or a handle still to be looked up. */
export type UserRef = z.infer<typeof userRefSchema>;

/** A calendar date written `YYYY-MM-DD`. */
export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date such as 2026-12-31')
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), 'expected a real calendar date');

/** A free-text reason (emergency override, rejection, rollback): a few words, at most 300 characters. */
export const reasonSchema = z
  .string()
  .trim()
  .min(3, 'give a reason of a few words, in quotes')
  .max(300, 'keep the reason under 300 characters');
