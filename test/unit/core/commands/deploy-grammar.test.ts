import { describe, expect, it } from 'vitest';
import { MAX_COMMAND_TEXT, parseCommand } from '../../../../src/core/commands/command-grammar.js';
import { deployGrammar } from '../../../../src/core/commands/deploy-grammar.js';
import { readinessGrammar } from '../../../../src/core/commands/readiness-grammar.js';
import { releaseGrammar } from '../../../../src/core/commands/release-grammar.js';
import { rollbackGrammar } from '../../../../src/core/commands/rollback-grammar.js';

const deploy = (text: string) => parseCommand(deployGrammar, text);

describe('/deploy grammar', () => {
  it('reads a service and version with every flag', () => {
    expect(
      deploy(
        'checkout v2.5.4 --env production --strategy=canary --dry-run --emergency "db is down" --migration --rollback-procedure "restore the snapshot"',
      ),
    ).toEqual({
      ok: true,
      value: {
        kind: 'deploy',
        service: 'checkout',
        version: '2.5.4',
        env: 'production',
        strategy: 'canary',
        dryRun: true,
        emergency: 'db is down',
        migration: true,
        rollbackProcedure: 'restore the snapshot',
      },
    });
  });

  it('reads status, queue and cancel', () => {
    expect(deploy('status dep-2026-0042')).toEqual({
      ok: true,
      value: { kind: 'status', target: 'DEP-2026-0042' },
    });
    expect(deploy('status checkout')).toEqual({ ok: true, value: { kind: 'status', target: 'checkout' } });
    expect(deploy('queue')).toEqual({ ok: true, value: { kind: 'queue', service: undefined } });
    expect(deploy('cancel DEP-2026-0042')).toEqual({
      ok: true,
      value: { kind: 'cancel', id: 'DEP-2026-0042' },
    });
  });

  it.each([
    ['', 'needs a subcommand'],
    ['checkout', 'missing version'],
    ['checkout 2.5', 'version: expected a SemVer version such as 2.5.4 (got `2.5`)'],
    ['checkout 2.5.4 --colour red', 'unknown flag `--colour`'],
    ['checkout 2.5.4 --env', '`--env` needs a value'],
    ['checkout 2.5.4 --dry-run --dry-run', '`--dry-run` is given twice'],
    ['checkout 2.5.4 --strategy yolo', '--strategy: expected one of blue-green, canary, rolling, recreate'],
    ['checkout 2.5.4 --emergency "x"', '--emergency: give a reason of a few words'],
    ['checkout 2.5.4 extra', 'unexpected word `extra`'],
    ['"checkout 2.5.4', 'a quote (") is opened but never closed'],
    ['cancel', 'missing deploy id'],
    ['Checkout 1.0.0', 'service: expected a lowercase name'],
  ])('refuses %j, saying %j', (text, message) => {
    const result = deploy(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(message);
  });

  it('refuses over-long text before reading it', () => {
    const result = deploy(`checkout 1.0.0 --emergency "${'x'.repeat(MAX_COMMAND_TEXT)}"`);
    expect(result).toEqual({
      ok: false,
      error: expect.stringContaining(`reads at most ${MAX_COMMAND_TEXT}`),
    });
  });
});

describe('the other command grammars', () => {
  it('reads /rollback with a target version and reason', () => {
    expect(parseCommand(rollbackGrammar, 'checkout --to 2.5.3 --reason "errors up"')).toEqual({
      ok: true,
      value: {
        kind: 'rollback',
        service: 'checkout',
        env: undefined,
        to: '2.5.3',
        reason: 'errors up',
        dryRun: false,
      },
    });
  });

  it('reads /release changelog ranges and refuses a bad version', () => {
    expect(parseCommand(releaseGrammar, 'changelog checkout 2.5.0 2.5.4')).toEqual({
      ok: true,
      value: { kind: 'changelog', service: 'checkout', from: '2.5.0', to: '2.5.4' },
    });
    expect(parseCommand(releaseGrammar, 'notes checkout latest')).toMatchObject({ ok: false });
  });

  it('reads /readiness for a service and refuses an unknown flag', () => {
    expect(parseCommand(readinessGrammar, 'checkout 2.5.4 --env staging')).toEqual({
      ok: true,
      value: { kind: 'assess', service: 'checkout', version: '2.5.4', env: 'staging' },
    });
    expect(parseCommand(readinessGrammar, 'checkout --force')).toMatchObject({ ok: false });
  });
});
