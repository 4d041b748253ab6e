import type { z } from 'zod';
import { describeInput, expectedMessage } from './typed-value.js';

/** A key path into a YAML document, such as `['approval', 'approvers', 1]`. */
export type KeyPath = readonly (string | number)[];

/**
 * One problem found in a config, before it is tied to a file and line. `environment` names the environment
 * policy the path points into; without it the path points into the main config.
 */
export interface ConfigIssue {
  readonly path: KeyPath;
  readonly message: string;
  readonly environment?: string;
  /** `warning`: reported by `config check` but does not refuse the config (absent: an error that does). */
  readonly severity?: 'warning';
}

/** The outcome of validating raw YAML data against a schema: typed value, or every issue found. */
export type Validated<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issues: ConfigIssue[] };

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
};

const SECRET_KEY = /(token|secret|password|passphrase|routing_key|api_key|signing_key)$/i;

function plural(count: number | bigint, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Wording for zod's built-in issue codes, used where a schema did not set its own message. */
function genericMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return expectedMessage(TYPE_WORDS[issue.expected] ?? issue.expected, issue.input);
    case 'invalid_value':
      return expectedMessage(`one of ${issue.values.map(String).join(', ')}`, issue.input);
    case 'too_small':
      if (issue.origin === 'array')
        return `expected at least ${plural(issue.minimum, 'item')}, got ${plural((issue.input as unknown[]).length, 'item')}`;
      if (issue.origin === 'string') return `expected non-empty text, got ${describeInput(issue.input)}`;
      return expectedMessage(
        `a number ${issue.inclusive ? 'of at least' : 'greater than'} ${issue.minimum}`,
        issue.input,
      );
    case 'too_big':
      if (issue.origin === 'array') return `expected at most ${plural(issue.maximum, 'item')}`;
      return expectedMessage(
        `a value ${issue.inclusive ? 'of at most' : 'less than'} ${issue.maximum}`,
        issue.input,
      );
    default:
      return undefined;
  }
}

function toIssues(issue: z.core.$ZodIssue): ConfigIssue[] {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    const expected = issue.message.startsWith('expected') ? `; ${issue.message}` : '';
    return issue.keys.map((key) => ({
      path: [...path, key],
      message: SECRET_KEY.test(key)
        ? `unknown key "${key}"; secrets come from the environment, never from the YAML`
        : `unknown key "${key}"${expected}`,
    }));
  }
  if (issue.code === 'invalid_key') {
    const inner = issue.issues[0]?.message ?? issue.message;
    return [{ path, message: `bad key: ${inner}` }];
  }
  return [{ path, message: issue.message }];
}

/** Parses raw YAML data with `schema`, turning every zod issue into a `ConfigIssue` with a readable message. */
export function validateWith<S extends z.ZodType>(schema: S, data: unknown): Validated<z.output<S>> {
  const result = schema.safeParse(data, { reportInput: true, error: genericMessage });
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, issues: result.error.issues.flatMap(toIssues) };
}
