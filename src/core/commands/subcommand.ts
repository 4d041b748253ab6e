import { z } from 'zod';
import { ownEntry } from '../own-entry.js';
import { type Subcommand, truncate } from './command-grammar.js';
import type { FlagSpec } from './parse-flags.js';

/** The raw shape every subcommand schema reads: positional words and flags. */
export const commandInput = z.object({
  args: z.array(z.string()),
  flags: z.record(z.string(), z.union([z.string(), z.literal(true)])),
});

/** Raw words and flags of one subcommand. */
export type CommandInput = z.infer<typeof commandInput>;

/** A mistake in a subcommand's arguments, thrown inside `build` and turned into a zod issue. */
export class UsageError extends Error {}

/** Typed access to a subcommand's words; each read validates with a zod schema and names the argument on error. */
export interface ArgReader {
  /** The required word at `index`, validated by `schema`; missing → "missing <name>". */
  required<T>(index: number, name: string, schema: z.ZodType<T, string>): T;
  /** The word at `index` if present. */
  optional<T>(index: number, name: string, schema: z.ZodType<T, string>): T | undefined;
  /** Every word from `index` on, joined by spaces (free text such as a title); required unless `optional`. */
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
 * is a zod schema, so every command's text is parsed with zod and mistakes become readable messages.
 */
export function subcommand<T>(flags: FlagSpec, build: (read: ArgReader) => T): Subcommand<T> {
  const schema = commandInput.transform((input, ctx) => {
    try {
      return build(reader(input));
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      ctx.addIssue({ code: 'custom', message: err.message });
      return z.NEVER;
    }
  });
  return { flags, schema };
}

function reader({ args, flags }: CommandInput): ArgReader {
  const check = <T>(name: string, value: string, schema: z.ZodType<T, string>): T => {
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    throw new UsageError(
      `${name}: ${result.error.issues[0]?.message ?? 'not valid'} (got \`${truncate(value)}\`)`,
    );
  };
  return {
    required(index, name, schema) {
      const value = args[index];
      if (value === undefined) throw new UsageError(`missing ${name}`);
      return check(name, value, schema);
    },
    optional(index, name, schema) {
      const value = args[index];
      return value === undefined ? undefined : check(name, value, schema);
    },
    text(index, name, options = {}) {
      const value = args.slice(index).join(' ').trim();
      if (value === '' && !options.optional) throw new UsageError(`missing ${name}`);
      const max = options.max ?? 500;
      if (value.length > max) throw new UsageError(`${name} is ${value.length} characters; at most ${max}`);
      return value;
    },
    atMost(count) {
      const extra = args[count];
      if (extra !== undefined) throw new UsageError(`unexpected word \`${truncate(extra)}\``);
    },
    flag(name, schema) {
      const value = ownEntry(flags, name);
      if (value === undefined || value === true) return undefined;
      return check(`--${name}`, value, schema);
    },
    has(name) {
      return ownEntry(flags, name) === true;
    },
  };
}

/** The `help` subcommand every grammar has: no arguments, answered with the usage. */
export function helpSubcommand(): Subcommand<{ kind: 'help' }> {
  return subcommand({}, (read) => {
    read.atMost(0);
    return { kind: 'help' } as const;
  });
}
