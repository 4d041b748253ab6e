import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type CommandGrammar, parseCommand } from '../../../../src/core/commands/command-grammar.js';
import { deployGrammar } from '../../../../src/core/commands/deploy-grammar.js';
import { incidentGrammar } from '../../../../src/core/commands/incident-grammar.js';
import { readinessGrammar } from '../../../../src/core/commands/readiness-grammar.js';
import { releaseGrammar } from '../../../../src/core/commands/release-grammar.js';
import { rollbackGrammar } from '../../../../src/core/commands/rollback-grammar.js';
import { subcommand } from '../../../../src/core/commands/subcommand.js';
import { PROTOTYPE_NAMES } from '../../../support/prototype-names.js';

/** The prototype names that are also valid lowercase service, environment or role names. */
const LOWERCASE = PROTOTYPE_NAMES.filter((name) => /^[a-z]+$/.test(name));

describe('command words named like Object.prototype properties', () => {
  it.each(PROTOTYPE_NAMES)('answers /deploy … --%s like any unknown flag, listing the known ones', (name) => {
    expect(parseCommand(deployGrammar, `checkout 1.2.3 --${name} x`)).toEqual({
      ok: false,
      error: `unknown flag \`--${name}\` (known: --env, --strategy, --dry-run, --emergency, --migration, --rollback-procedure)`,
    });
  });

  it.each(PROTOTYPE_NAMES)(
    'answers --%s after a subcommand that takes no flags as an unknown flag',
    (name) => {
      expect(parseCommand(incidentGrammar, `INC-2026-0001 ack --${name}`)).toEqual({
        ok: false,
        error: `unknown flag \`--${name}\``,
      });
      expect(parseCommand(incidentGrammar, `declare SEV-1 Outage --${name}=1`)).toEqual({
        ok: false,
        error: `unknown flag \`--${name}\` (known: --private, --service, --security)`,
      });
    },
  );

  it.each(PROTOTYPE_NAMES)(
    'answers %s as the first word of /incident and /release as an unknown subcommand',
    (name) => {
      expect(parseCommand(incidentGrammar, name)).toEqual({
        ok: false,
        error: `unknown subcommand \`${name}\``,
      });
      expect(parseCommand(releaseGrammar, `${name} checkout 1.0.0`)).toEqual({
        ok: false,
        error: `unknown subcommand \`${name}\``,
      });
    },
  );

  it.each(PROTOTYPE_NAMES)(
    'reads %s first in /deploy, /rollback and /readiness as a service name',
    (name) => {
      for (const [grammar, text] of [
        [deployGrammar, `${name} 1.2.3`],
        [rollbackGrammar, name],
        [readinessGrammar, name],
      ] as const) {
        const result = parseCommand(grammar as CommandGrammar<unknown>, text);
        if (LOWERCASE.includes(name)) expect(result).toMatchObject({ ok: true, value: { service: name } });
        else
          expect(result).toEqual({
            ok: false,
            error: expect.stringMatching(/^service: expected a lowercase name/),
          });
      }
    },
  );

  it.each(LOWERCASE)(
    'passes %s on as a service, environment or role name for the services to look up',
    (name) => {
      expect(parseCommand(deployGrammar, `checkout 1.2.3 --env ${name}`)).toMatchObject({
        ok: true,
        value: { env: name },
      });
      expect(parseCommand(deployGrammar, `status ${name}`)).toEqual({
        ok: true,
        value: { kind: 'status', target: name },
      });
      expect(parseCommand(releaseGrammar, `notes ${name} 1.0.0`)).toMatchObject({
        ok: true,
        value: { service: name },
      });
      expect(parseCommand(incidentGrammar, `declare SEV-2 Slow --service ${name}`)).toMatchObject({
        ok: true,
        value: { service: name },
      });
      expect(parseCommand(incidentGrammar, `role ${name} @bob`)).toMatchObject({
        ok: true,
        value: { role: name },
      });
    },
  );

  it.each(PROTOTYPE_NAMES)('refuses %s where only a fixed set of words is allowed', (name) => {
    expect(parseCommand(deployGrammar, `checkout 1.2.3 --strategy ${name}`)).toEqual({
      ok: false,
      error: expect.stringContaining('--strategy: expected one of blue-green, canary, rolling, recreate'),
    });
    expect(parseCommand(incidentGrammar, `severity ${name}`)).toEqual({
      ok: false,
      error: expect.stringContaining('severity: expected a severity SEV-1, SEV-2, SEV-3 or SEV-4'),
    });
  });

  it('sees no flag a grammar declares under a prototype name until the user gives it', () => {
    const grammar: CommandGrammar<{ kind: 'probe'; quiet: boolean; label: string | undefined }> = {
      command: '/probe',
      subcommands: {},
      fallback: subcommand({ constructor: 'boolean' as const, toString: 'string' as const }, (read) => ({
        kind: 'probe',
        quiet: read.has('constructor'),
        label: read.flag('toString', z.string()),
      })),
    };
    expect(parseCommand(grammar, 'x')).toEqual({
      ok: true,
      value: { kind: 'probe', quiet: false, label: undefined },
    });
    expect(parseCommand(grammar, 'x --constructor --toString=hi')).toEqual({
      ok: true,
      value: { kind: 'probe', quiet: true, label: 'hi' },
    });
  });
});
