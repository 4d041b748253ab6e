import { z } from 'zod';
import { expectedMessage, typedValue } from './typed-value.js';

function pattern(regex: RegExp, what: string) {
  return z.string({ error: (issue) => expectedMessage(what, issue.input) }).regex(regex, {
    error: (issue) => expectedMessage(what, issue.input),
  });
}

/** A role name such as `team-lead`: lower-case words joined by hyphens. Roles are bound to people under `roles:`. */
export const roleNameSchema = pattern(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, 'a role name such as team-lead');

/** An environment or service name such as `production` or `checkout`. */
export const resourceNameSchema = pattern(/^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$/, 'a name such as production');

/** A Slack user id (`U…` or `W…`): the only way a person is named in the config. */
export const slackUserIdSchema = pattern(/^[UW][A-Z0-9]{2,}$/, 'a Slack user id such as U0BOB');

/** True for `#name` written by Slack's channel-name rules (lower case, digits, `-`, `_`, at most 80 characters). */
export function isChannelName(text: string): boolean {
  return /^#[a-z0-9_-]{1,80}$/.test(text);
}

/** True for a Slack conversation id (`C…` public, `G…` private). */
export function isChannelId(text: string): boolean {
  return /^[CG][A-Z0-9]{2,}$/.test(text);
}

/** What `channelRefSchema` accepts, as a JSON Schema `pattern`. */
export const CHANNEL_REF_PATTERN = String.raw`^\s*(?:#[a-z0-9_-]{1,80}|[CG][A-Z0-9]{2,})\s*$`;

/** A Slack channel written as `#name` or as a conversation id; kept as written. */
export const channelRefSchema = typedValue("a channel such as '#deploys' or C0123ABCD", (text) =>
  isChannelName(text) || isChannelId(text) ? text : undefined,
).meta({ pattern: CHANNEL_REF_PATTERN });

/** True when the JavaScript runtime knows the IANA time zone (pure: Intl only). */
export function isTimeZone(zone: string): boolean {
  if (zone === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The shape of a time zone name (`Europe/Berlin`, `UTC`, `Etc/GMT+1`) or offset (`+01:00`), as a JSON Schema
 * `pattern`. Which names exist depends on the runtime's time zone data, so only `config check` knows for sure.
 */
export const TIME_ZONE_PATTERN = String.raw`^\s*(?:[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z0-9_+-]+)*|[+-]\d{2}(?::?\d{2})?)\s*$`;

/** An IANA time zone such as `Europe/Berlin`, used for change windows and human-facing times. */
export const timeZoneSchema = typedValue('an IANA time zone such as Europe/Berlin', (text) =>
  isTimeZone(text) ? text : undefined,
).meta({ pattern: TIME_ZONE_PATTERN });

/** The name of an environment variable holding a secret (secrets never live in the YAML). */
export const envVarNameSchema = pattern(
  /^[A-Z_][A-Z0-9_]*$/,
  'an environment variable name such as PAGERDUTY_ROUTING_KEY',
);

/** A PagerDuty object id such as `PSVC001`. */
export const pagerDutyIdSchema = pattern(/^P[A-Z0-9]+$/, 'a PagerDuty id such as PSVC001');
