import { z } from 'zod';
import { ownEntry } from '../own-entry.js';
import { describeHiddenCharacter, findControlCharacter } from '../text/hidden-characters.js';
import { type Subcommand, truncate } from './command-grammar.js';
import type { FlagSpec } from './parse-flags.js';
import { UsageError } from './usage-error.js';

export { UsageError } from './usage-error.js';

/** Raw words and flags of one subcommand. */
export interface CommandInput {
  readonly args: string[];
  readonly flags: Record<string, string | true>;
}

/**
 * The raw shape every subcommand schema reads: positional words and flags. `parseCommand` builds it from the
 * tokens itself, so it is typed, not validated again; every word is validated by the reader's own schemas.
 */
export const commandInput = z.custom<CommandInput>();

/** Typed access to a subcommand's words; each read validates with a zod schema and names the argument on error. */
export interface ArgReader {
  /** The required word at `index`, validated by `schema`; missing → "missing <name>". */
  required<T>(index: number, name: string, schema: z.ZodType<T, string>): T;
  /** The word at `index` if present. */
  optional<T>(index: number, name: string, schema: z.ZodType<T, string>): T | undefined;
  /**
   * Every word from `index` on, joined by spaces (free text such as a title); required unless `optional`. A control
   * character other than tab and newline is refused, naming it.
   */
  text(index: number, name: string, options?: { optional?: boolean; max?: number }): string;
  /** Refuses words past the first `count`. */
  atMost(count: number): void;
  /** A string flag's value, validated. */
  flag<T>(name: string, schema: z.ZodType<T, string>): T | undefined;
  /** Whether a boolean flag was given. */
  has(name: string): boolean;
}

/**
 * Declares a subcommand: its flags and a `build` function that reads arguments through an `ArgReader`. The result
 * is a zod schema and every word is validated with zod; a mistake leaves `build` as a {@link UsageError}, which
 * `parseCommand` turns into the sentence shown to the user.
 */
export function subcommand<T>(flags: FlagSpec, build: (read: ArgReader) => T): Subcommand<T> {
  return { flags, schema: commandInput.transform((input) => build(new Reader(input))) };
}

/**
 * Validates one word with its zod schema through the Standard Schema interface, which reports issues without
 * building a ZodError. A schema that throws (a bug) is parsed again with `safeParse`, so the error surfaces as is.
 */
function check<T>(name: string, value: string, schema: z.ZodType<T, string>): T {
  const result = schema['~standard'].validate(value);
  let message: string | undefined;
  if (result instanceof Promise) {
    result.then(undefined, () => undefined);
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    message = parsed.error.issues[0]?.message;
  } else if (result.issues) {
    message = result.issues[0]?.message;
  } else {
    return result.value;
  }
  throw new UsageError(`${name}: ${message ?? 'not valid'} (got \`${truncate(value)}\`)`);
}

/** The {@link ArgReader} over one subcommand's words and flags. */
class Reader implements ArgReader {
  private readonly args: string[];
  private readonly flags: Record<string, string | true>;

  constructor(input: CommandInput) {
    this.args = input.args;
    this.flags = input.flags;
  }

  required<T>(index: number, name: string, schema: z.ZodType<T, string>): T {
    const value = this.args[index];
    if (value === undefined) throw new UsageError(`missing ${name}`);
    return check(name, value, schema);
  }

  optional<T>(index: number, name: string, schema: z.ZodType<T, string>): T | undefined {
    const value = this.args[index];
    return value === undefined ? undefined : check(name, value, schema);
  }

  text(index: number, name: string, options: { optional?: boolean; max?: number } = {}): string {
    const value = this.args.slice(index).join(' ').trim();
    if (value === '' && !options.optional) throw new UsageError(`missing ${name}`);
    const max = options.max ?? 500;
    if (value.length > max) throw new UsageError(`${name} is ${value.length} characters; at most ${max}`);
    const control = findControlCharacter(value);
    if (control) throw new UsageError(`${name}: ${describeHiddenCharacter(control)}`);
    return value;
  }

  atMost(count: number): void {
    const extra = this.args[count];
    if (extra !== undefined) throw new UsageError(`unexpected word \`${truncate(extra)}\``);
  }

  flag<T>(name: string, schema: z.ZodType<T, string>): T | undefined {
    const value = ownEntry(this.flags, name);
    if (value === undefined || value === true) return undefined;
    return check(`--${name}`, value, schema);
  }

  has(name: string): boolean {
    return ownEntry(this.flags, name) === true;
  }
}

/** The `help` subcommand every grammar has: no arguments, answered with the usage. */
export function helpSubcommand(): Subcommand<{ kind: 'help' }> {
  return subcommand({}, (read) => {
    read.atMost(0);
    return { kind: 'help' } as const;
  });
}
