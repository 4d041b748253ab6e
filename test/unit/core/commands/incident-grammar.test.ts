import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../../src/core/commands/command-grammar.js';
import { incidentGrammar, incidentUsage } from '../../../../src/core/commands/incident-grammar.js';

const incident = (text: string) => parseCommand(incidentGrammar, text);

describe('/incident grammar', () => {
  it('reads a declaration with a multi-word title and flags', () => {
    expect(incident('declare sev1 Checkout is down --private --service checkout')).toEqual({
      ok: true,
      value: {
        kind: 'declare',
        id: undefined,
        severity: 'SEV-1',
        title: 'Checkout is down',
        private: true,
        service: 'checkout',
        security: false,
      },
    });
  });

  it('reads a SEV-1 security incident linked to a service', () => {
    expect(incident('declare SEV-1 "Signing key leaked" --security --service checkout')).toEqual({
      ok: true,
      value: {
        kind: 'declare',
        id: undefined,
        severity: 'SEV-1',
        title: 'Signing key leaked',
        private: false,
        service: 'checkout',
        security: true,
      },
    });
  });

  it('refuses --security below SEV-1, and lists it in the usage', () => {
    const result = incident('declare SEV-2 "Signing key leaked" --security --service checkout');
    expect(result).toMatchObject({ ok: false });
    if (!result.ok) expect(result.error).toContain('`--security` declares a SEV-1 security incident');
    expect(incidentUsage).toContain('/incident declare SEV-1 <title> --security [--service <name>]');
  });

  it('takes an incident id before the subcommand', () => {
    expect(incident('inc-2026-0007 severity SEV-2')).toEqual({
      ok: true,
      value: { kind: 'severity', id: 'INC-2026-0007', severity: 'SEV-2' },
    });
  });

  it('reads people as escaped Slack mentions or handles', () => {
    expect(incident('commander <@U0BOB|bob>')).toMatchObject({ ok: true, value: { user: { id: 'U0BOB' } } });
    expect(incident('role scribe @Carol')).toMatchObject({
      ok: true,
      value: { role: 'scribe', user: { handle: 'carol' } },
    });
  });

  it('reads an action item with owner and due date', () => {
    expect(incident('action add "Add a canary alert" <@U0CAROL> due:2026-12-01')).toEqual({
      ok: true,
      value: {
        kind: 'action',
        id: undefined,
        text: 'Add a canary alert',
        owner: { id: 'U0CAROL' },
        due: '2026-12-01',
      },
    });
  });

  it.each([
    ['declare SEV-5 Outage', 'severity: expected a severity SEV-1, SEV-2, SEV-3 or SEV-4'],
    ['declare SEV-1', 'missing title'],
    ['declare SEV-1 "   "', 'missing title'],
    ['commander bob', 'commander: expected a person such as @bob'],
    ['INC-26 ack', 'incident id: expected an id such as INC-2026-0007'],
    ['ack now', 'unexpected word `now`'],
    ['action add "fix" @bob due:2026-02-31x', 'due date'],
    ['action remove "x" @bob', 'action verb'],
    ['update', 'missing update text'],
    ['escalate', 'unknown subcommand `escalate`'],
  ])('refuses %j, saying %j', (text, message) => {
    const result = incident(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(message);
  });
});
