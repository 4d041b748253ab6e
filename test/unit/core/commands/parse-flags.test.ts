import { describe, expect, it } from 'vitest';
import { FlagError, type FlagSpec, parseFlags } from '../../../../src/core/commands/parse-flags.js';
import { PROTOTYPE_NAMES } from '../../../support/prototype-names.js';

const spec: FlagSpec = { env: 'string', 'dry-run': 'boolean' };

function mistake(tokens: readonly string[], flags: FlagSpec = spec): string {
  try {
    parseFlags(tokens, flags);
  } catch (err) {
    if (err instanceof FlagError) return err.message;
    throw err;
  }
  throw new Error(`expected a FlagError for ${JSON.stringify(tokens)}`);
}

describe('parseFlags', () => {
  it('separates positionals from `--flag value`, `--flag=value` and switches', () => {
    expect(parseFlags(['checkout', '--env', 'staging', '2.5.4', '--dry-run'], spec)).toEqual({
      positionals: ['checkout', '2.5.4'],
      flags: { env: 'staging', 'dry-run': true },
    });
    expect(parseFlags(['--env=a=b'], spec).flags).toEqual({ env: 'a=b' });
  });

  it('keeps `--` and single-dash words as positionals and reads flags after them', () => {
    expect(parseFlags(['--', '-x', '-', '--env', 'prod'], spec)).toEqual({
      positionals: ['--', '-x', '-'],
      flags: { env: 'prod' },
    });
  });

  it('takes a value starting with `--` only when written `--flag=value`', () => {
    expect(parseFlags(['--env=--dry-run'], spec).flags).toEqual({ env: '--dry-run' });
    expect(mistake(['--env', '--dry-run'])).toBe('`--env` needs a value');
  });

  it.each([
    [['--colour', 'red'], 'unknown flag `--colour` (known: --env, --dry-run)'],
    [['--env'], '`--env` needs a value'],
    [['--env='], '`--env` needs a value'],
    [['--env', 'a', '--env=b'], '`--env` is given twice'],
    [['--dry-run', '--dry-run'], '`--dry-run` is given twice'],
    [['--dry-run=yes'], '`--dry-run` takes no value'],
    [['---'], 'unknown flag `---` (known: --env, --dry-run)'],
  ])('refuses %j, saying %j', (tokens, message) => {
    expect(mistake(tokens)).toBe(message);
  });

  it('answers an unknown flag without a list when the subcommand takes none', () => {
    expect(mistake(['--force'], {})).toBe('unknown flag `--force`');
  });

  it.each(PROTOTYPE_NAMES)('answers an unknown flag named %s like any unknown flag', (name) => {
    expect(mistake(['checkout', `--${name}`, 'x'])).toBe(
      `unknown flag \`--${name}\` (known: --env, --dry-run)`,
    );
    expect(mistake([`--${name}=x`])).toBe(`unknown flag \`--${name}\` (known: --env, --dry-run)`);
    expect(mistake([`--${name}`], {})).toBe(`unknown flag \`--${name}\``);
  });

  it.each(PROTOTYPE_NAMES)('reads %s as a flag value and as a positional word', (name) => {
    expect(parseFlags([name, '--env', name], spec)).toEqual({ positionals: [name], flags: { env: name } });
    expect(parseFlags([`--env=${name}`], spec).flags).toEqual({ env: name });
  });

  it.each(PROTOTYPE_NAMES)('reads a declared flag named %s once, and refuses it twice', (name) => {
    const declared: FlagSpec = { [name]: 'string' };
    const { flags } = parseFlags([`--${name}`, 'x'], declared);
    expect(Object.entries(flags)).toEqual([[name, 'x']]);
    expect(mistake([`--${name}=x`, `--${name}=y`], declared)).toBe(`\`--${name}\` is given twice`);
  });

  it('returns only the flags that were given', () => {
    const { flags } = parseFlags(['--env', 'prod'], spec);
    expect(Object.keys(flags)).toEqual(['env']);
    for (const name of PROTOTYPE_NAMES) expect(flags[name]).toBeUndefined();
  });
});
