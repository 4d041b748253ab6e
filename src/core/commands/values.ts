import semver from 'semver';
import { z } from 'zod';
import {
  describeHiddenCharacter,
  findControlCharacter,
  findHiddenCharacter,
  trimOrdinaryWhitespace,
} from '../text/hidden-characters.js';

/**
 * A word that becomes an identifier (a name, version, id, role, severity): spaces, tabs and line breaks around it
 * are dropped, and a word holding an invisible or control character is refused, naming the character and where
 * it is (`contains an invisible character U+FEFF (zero width no-break space) at position 1`), so nothing that
 * merely looks like `8.0.0` is ever stored or handed to a deploy target.
 */
export const wordSchema = z.string().transform((word, ctx) => {
  const trimmed = trimOrdinaryWhitespace(word);
  const hidden = findHiddenCharacter(trimmed);
  if (!hidden) return trimmed;
  ctx.addIssue({ code: 'custom', message: describeHiddenCharacter(hidden, word.indexOf(trimmed)) });
  return z.NEVER;
});

/** Free text (a title, note or reason) may hold any printable character, tabs and newlines, but no other control. */
export const freeTextSchema = z.string().superRefine((text, ctx) => {
  const control = findControlCharacter(text);
  if (control) ctx.addIssue({ code: 'custom', message: describeHiddenCharacter(control), abort: true });
});

/** A service or environment name as written in config: lowercase words joined by `-` or `_`. */
export const nameSchema = wordSchema.pipe(
  z.string().regex(/^[a-z][a-z0-9_-]{0,62}$/, 'expected a lowercase name such as checkout or production'),
);

/**
 * What every strict SemVer version starts with. A word without it is refused before `semver.valid`, which would
 * throw and catch an error to say the same.
 */
const SEMVER_START = /^\d+\.\d+\.\d+/;

/**
 * A SemVer version in its canonical form: `semver.parse`'s version, a leading `v` dropped (`v2.5.4` → `2.5.4`), and
 * so are spaces, tabs and line breaks around it; build metadata is kept (`2.5.4+build.7` names the artifact, though
 * it does not order versions); any other invisible or control character is refused.
 */
export const versionSchema = wordSchema.transform((word, ctx) => {
  const v = word.replace(/^v(?=\d)/, '');
  const parsed = SEMVER_START.test(v) ? semver.parse(v) : null;
  if (parsed !== null)
    return parsed.build.length ? `${parsed.version}+${parsed.build.join('.')}` : parsed.version;
  ctx.addIssue({ code: 'custom', message: 'expected a SemVer version such as 2.5.4' });
  return z.NEVER;
});

/** Deployment strategies from the chapter's section 3.1. */
export const strategySchema = wordSchema.pipe(
  z.enum(['blue-green', 'canary', 'rolling', 'recreate'], {
    error: 'expected one of blue-green, canary, rolling, recreate',
  }),
);

/** A deploy id such as `DEP-2026-0042`. */
export const deployIdSchema = wordSchema
  .transform((v) => v.toUpperCase())
  .refine((v) => /^DEP-\d{4}-\d{4,}$/.test(v), 'expected a deploy id such as DEP-2026-0042');

/** An incident id such as `INC-2026-0007`. */
export const incidentIdSchema = wordSchema
  .transform((v) => v.toUpperCase())
  .refine((v) => /^INC-\d{4}-\d{4,}$/.test(v), 'expected an incident id such as INC-2026-0007');

/** A severity `SEV-1` … `SEV-4` (case-insensitive, `sev1` accepted). */
export const severitySchema = wordSchema
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
export const userRefSchema = wordSchema.transform((v, ctx) => {
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
export const isoDateSchema = wordSchema
  .pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date such as 2026-12-31'))
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), 'expected a real calendar date');

/**
 * A free-text reason (emergency override, rejection, rollback): a few words, at most 300 characters, no control
 * characters but tab and newline.
 */
export const reasonSchema = freeTextSchema.pipe(
  z
    .string()
    .trim()
    .min(3, 'give a reason of a few words, in quotes')
    .max(300, 'keep the reason under 300 characters'),
);

/**
 * A git ref as `/release changelog` takes it: a version (`2.5.4`, `v2.5.4`), a tag, a branch or a commit id. Refs
 * that git could read as an option (`-…`) or that hold `..`, spaces or shell-looking characters are refused.
 */
export const gitRefSchema = wordSchema.pipe(
  z
    .string()
    .regex(/^[A-Za-z0-9_][A-Za-z0-9._/@^~+-]{0,199}$/, 'expected a version, tag, branch or commit id')
    .refine((ref) => !ref.includes('..'), 'expected one ref, not a range'),
);
