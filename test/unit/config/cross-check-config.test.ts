import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { validateWith } from '../../../src/core/config/config-issue.js';
import { crossCheckConfig } from '../../../src/core/config/cross-check-config.js';
import { fillRolesDistinctly } from '../../../src/core/config/distinct-approvers.js';
import {
  type EnvironmentPolicy,
  environmentPolicySchema,
} from '../../../src/core/config/environment-policy-schema.js';
import {
  type ShipgateConfig,
  shipgateConfigSchema,
} from '../../../src/core/config/shipgate-config-schema.js';

const fixtures = resolve(import.meta.dirname, '../../fixtures/config');

function load<T>(schema: Parameters<typeof validateWith>[0], file: string): T {
  const result = validateWith(schema, parse(readFileSync(resolve(fixtures, file), 'utf8')));
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value as T;
}

const config = load<ShipgateConfig>(shipgateConfigSchema, 'valid.yml');
const production = load<EnvironmentPolicy>(environmentPolicySchema, 'environments/production.yml');
const staging = load<EnvironmentPolicy>(environmentPolicySchema, 'environments/staging.yml');

function withRoles(roles: Record<string, string[]>): ShipgateConfig {
  return { ...config, roles: { ...config.roles, ...roles } };
}

describe('fillRolesDistinctly', () => {
  const members: Record<string, string[]> = {
    a: ['U1', 'U2'],
    b: ['U1'],
    c: ['U2'],
    d: ['U3'],
  };
  const membersOf = (role: string) => members[role] ?? [];

  it('gives every role a different person, moving people between roles when needed', () => {
    const filling = fillRolesDistinctly(['a', 'b', 'd'], membersOf);
    expect(filling.ok && Object.fromEntries(filling.assignment)).toEqual({ a: 'U2', b: 'U1', d: 'U3' });
  });

  it('counts a role required twice only once', () => {
    expect(fillRolesDistinctly(['b', 'b'], membersOf).ok).toBe(true);
  });

  it('names the roles that share too few people', () => {
    expect(fillRolesDistinctly(['a', 'b', 'c', 'd'], membersOf)).toEqual({
      ok: false,
      roles: ['c', 'a', 'b'],
      people: ['U1', 'U2'],
    });
  });
});

describe('crossCheckConfig', () => {
  it('accepts the valid fixture with both environments', () => {
    expect(crossCheckConfig(config, [production, staging])).toEqual([]);
  });

  it('refuses an approval role without members, naming the role where it is required', () => {
    const issues = crossCheckConfig(withRoles({ 'on-call-engineer': [] }), [production, staging]);
    expect(issues).toEqual([
      {
        path: ['bump_approvers', 'patch'],
        message: expect.stringMatching(/^role "on-call-engineer" has no members who can approve/),
      },
      {
        path: ['approval', 'approvers', 1],
        message: expect.stringMatching(/^role "on-call-engineer" has no members who can approve/),
        environment: 'production',
      },
    ]);
  });

  it('refuses an unknown escalation role', () => {
    const issues = crossCheckConfig(config, [
      { ...production, approval: { ...production.approval, escalation_on_timeout: 'vp-engineering' } },
      staging,
    ]);
    expect(issues).toEqual([
      {
        path: ['approval', 'escalation_on_timeout'],
        message: expect.stringMatching(/^unknown role "vp-engineering" \(roles: cto, engineering-lead/),
        environment: 'production',
      },
    ]);
  });

  it('refuses environment approvers that one person would have to fill alone', () => {
    const issues = crossCheckConfig(withRoles({ 'team-lead': ['U0BOB'], 'on-call-engineer': ['U0BOB'] }), [
      production,
      staging,
    ]);
    expect(issues).toEqual([
      {
        path: ['approval', 'approvers'],
        message:
          'roles team-lead, on-call-engineer cannot be filled by distinct people: between them they have only U0BOB; ' +
          'each required role needs a different human',
        environment: 'production',
      },
    ]);
  });

  it('refuses a bump whose approver role adds no new person, naming the bump', () => {
    const issues = crossCheckConfig(withRoles({ 'engineering-lead': ['U0CAROL'] }), [production, staging]);
    expect(issues.map((i) => i.message)).toEqual([
      expect.stringMatching(
        /^for a major deploy \(bump_approvers.major: engineering-lead\), roles on-call-engineer, engineering-lead cannot/,
      ),
    ]);
  });

  it('does not require distinct approvers where approval is not required', () => {
    const onlyStaging = {
      ...withRoles({ 'team-lead': ['U0BOB'], 'on-call-engineer': ['U0BOB'] }),
      services: {},
    };
    expect(crossCheckConfig(onlyStaging, [staging])).toEqual([]);
    expect(crossCheckConfig(onlyStaging, [production, staging])).toHaveLength(1);
  });

  it('refuses services that name unknown environments', () => {
    expect(crossCheckConfig(config, [production])).toEqual([
      {
        path: ['services', 'checkout', 'environments', 0],
        message: 'unknown environment "staging" (environments: production)',
      },
    ]);
  });

  it('refuses severities escalating to unknown or empty roles', () => {
    const severities = {
      ...config.incidents.severities,
      'SEV-2': { ...config.incidents.severities['SEV-2'], escalate_to: ['cfo'] },
    };
    const issues = crossCheckConfig(
      { ...withRoles({ cto: [] }), incidents: { ...config.incidents, severities } },
      [production, staging],
    );
    expect(issues.map((i) => [i.path.join('.'), i.message.split(' (')[0]])).toEqual([
      [
        'incidents.severities.SEV-1.escalate_to.1',
        expect.stringMatching(/^role "cto" has no members who can be escalated to/),
      ],
      ['incidents.severities.SEV-2.escalate_to.0', 'unknown role "cfo"'],
    ]);
  });

  it('refuses a holidays blackout without a holiday calendar', () => {
    const { holidays: _ignored, ...withoutHolidays } = config;
    expect(crossCheckConfig(withoutHolidays, [production, staging])).toEqual([
      {
        path: ['change_window', 'blackout_periods', 0],
        message: expect.stringMatching(/needs a holiday calendar/),
        environment: 'production',
      },
    ]);
  });
});
