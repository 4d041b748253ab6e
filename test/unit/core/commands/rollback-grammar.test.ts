import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../../src/core/commands/command-grammar.js';
import { rollbackGrammar, rollbackUsage } from '../../../../src/core/commands/rollback-grammar.js';

const rollback = (text: string) => parseCommand(rollbackGrammar, text);

describe('/rollback --security', () => {
  it('reads a security rollback with its reason, environment and dry run', () => {
    expect(rollback('checkout --env production --security "leaked key" --dry-run')).toEqual({
      ok: true,
      value: {
        kind: 'rollback',
        service: 'checkout',
        env: 'production',
        to: undefined,
        reason: undefined,
        security: 'leaked key',
        dryRun: true,
      },
    });
    expect(rollback('checkout --security="signing key in a public repo"')).toMatchObject({
      ok: true,
      value: { security: 'signing key in a public repo', dryRun: false },
    });
  });

  it('leaves security unset for an ordinary rollback', () => {
    expect(rollback('checkout --reason "errors up"')).toMatchObject({
      ok: true,
      value: { reason: 'errors up', security: undefined },
    });
  });

  it.each([
    ['checkout --security', '`--security` needs a value'],
    ['checkout --security --dry-run', '`--security` needs a value'],
    ['checkout --security ""', '`--security` needs a value'],
    ['checkout --security "x"', '--security: give a reason of a few words, in quotes'],
    ['checkout --security "leaked key" --reason "errors up"', 'give the reason once'],
    ['checkout --security "leaked key" --security "again"', '`--security` is given twice'],
  ])('refuses %j, saying %j', (text, message) => {
    const result = rollback(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(message);
  });

  it('shows --security with its reason in the usage', () => {
    expect(rollbackUsage).toContain(
      '/rollback <service> [--env production] [--to <version>] --security "<reason>" [--dry-run]',
    );
  });
});
