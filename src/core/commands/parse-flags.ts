import { ownEntry } from '../own-entry.js';
import { UsageError } from './usage-error.js';

/** How a flag is written: `boolean` flags stand alone (`--dry-run`), `string` flags take a value (`--env prod`). */
export type FlagSpec = Record<string, 'boolean' | 'string'>;

/** Words split into positional arguments and recognised flags. */
export interface ParsedArgs {
  readonly positionals: string[];
  /** The flags given, and nothing else: a null-prototype object, so `flags.constructor` is undefined. */
  readonly flags: Record<string, string | true>;
}

/** A user mistake found while reading flags; its message is shown to the user as is. */
export class FlagError extends UsageError {}

/**
 * Separates `--flag value`, `--flag=value` and `--switch` from positional words. Unknown flags, repeated flags and
 * flags missing their value are mistakes, reported with the flag's name so the user can fix it. Only the spec's
 * own names count as flags: `--constructor` or `--__proto__` is as unknown as `--colour`.
 */
export function parseFlags(tokens: readonly string[], spec: FlagSpec): ParsedArgs {
  const positionals: string[] = [];
  const flags: Record<string, string | true> = Object.create(null);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    if (!token.startsWith('--') || token === '--') {
      positionals.push(token);
      continue;
    }
    const eq = token.indexOf('=');
    const name = token.slice(2, eq === -1 ? undefined : eq);
    const kind = ownEntry(spec, name);
    if (kind === undefined) {
      const known = Object.keys(spec);
      throw new FlagError(
        `unknown flag \`--${name}\`${known.length ? ` (known: ${known.map((k) => `--${k}`).join(', ')})` : ''}`,
      );
    }
    if (Object.hasOwn(flags, name)) throw new FlagError(`\`--${name}\` is given twice`);
    if (kind === 'boolean') {
      if (eq !== -1) throw new FlagError(`\`--${name}\` takes no value`);
      flags[name] = true;
      continue;
    }
    const value = eq !== -1 ? token.slice(eq + 1) : tokens[++i];
    if (value === undefined || value === '' || (eq === -1 && value.startsWith('--'))) {
      throw new FlagError(`\`--${name}\` needs a value`);
    }
    flags[name] = value;
  }
  return { positionals, flags };
}
