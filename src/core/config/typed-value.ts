import { z } from 'zod';

/** Renders a raw config value for an error message: strings quoted, everything else as the YAML reader saw it. */
export function describeInput(input: unknown): string {
  if (input === undefined) return 'nothing';
  if (input === null) return 'an empty value';
  if (typeof input === 'string') return JSON.stringify(input);
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'a mapping';
  return String(input);
}

/** The one wording every typed value uses: `expected a duration such as 30m, got "thirty minutes"`. */
export function expectedMessage(what: string, input: unknown): string {
  return input === undefined ? `missing; expected ${what}` : `expected ${what}, got ${describeInput(input)}`;
}

/**
 * A zod schema for a value written as a string in YAML and parsed into something typed. `parse` returns
 * `undefined` for text it refuses; `explain` may sharpen the expectation for a specific bad text (for example
 * "with the end after the start"). Every failure reads `expected <what>, got "<text>"`.
 */
export function typedValue<T>(
  what: string,
  parse: (text: string) => T | undefined,
  explain?: (text: string) => string | undefined,
) {
  return z.string({ error: (issue) => expectedMessage(what, issue.input) }).transform((raw, ctx): T => {
    const text = raw.trim();
    const value = parse(text);
    if (value === undefined) {
      ctx.issues.push({ code: 'custom', message: expectedMessage(explain?.(text) ?? what, raw), input: raw });
      return z.NEVER;
    }
    return value;
  });
}

/**
 * A strict zod object: keys not in `shape` are reported. The schema-level message lists the allowed keys so the
 * loader can say `unknown key "x"; expected one of a, b, c`.
 */
export function strictObject<Shape extends z.ZodRawShape>(shape: Shape, what = 'a mapping') {
  const allowed = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? `expected one of ${allowed}` : expectedMessage(what, issue.input),
  });
}

/** Checks that a list has no repeated entries, reporting each repeat at its own index. */
export function noDuplicates<T>(key: (item: T) => string, noun: string) {
  return (items: readonly T[], ctx: z.RefinementCtx<T[]>): void => {
    const seen = new Set<string>();
    items.forEach((item, index) => {
      const name = key(item);
      if (seen.has(name))
        ctx.addIssue({ code: 'custom', path: [index], message: `${noun} "${name}" is listed twice` });
      seen.add(name);
    });
  };
}
