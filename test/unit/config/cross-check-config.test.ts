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
  type ServiceConfig,
  type ShipgateConfig,
  shipgateConfigSchema,
} from '../../../src/core/config/shipgate-config-schema.js';

const fixtures = resolve(import.meta.dirname, '../../fixtures');

function load<T>(schema: Parameters<typeof validateWith>[0], file: string): T {
  const result = validateWith(schema, parse(readFileSync(resolve(fixtures, file), 'utf8')));
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value as T;
}

/** The valid main config with deploy targets and validations bound for every environment its services use. */
const config = load<ShipgateConfig>(shipgateConfigSchema, 'adapters/config/shipgate.yml');
const production = load<EnvironmentPolicy>(environmentPolicySchema, 'config/environments/production.yml');
const staging = load<EnvironmentPolicy>(environmentPolicySchema, 'config/environments/staging.yml');

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

  it.each(['constructor', 'prototype'])('refuses a role named %s that the config does not define', (role) => {
    const issues = crossCheckConfig(config, [
      { ...production, approval: { ...production.approval, approvers: [role], escalation_on_timeout: role } },
      staging,
    ]);
    expect(issues.map((i) => [i.path.join('.'), i.message.split(' (')[0]])).toEqual([
      ['approval.approvers.0', `unknown role "${role}"`],
      ['approval.escalation_on_timeout', `unknown role "${role}"`],
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

  it('refuses severities inviting unknown roles into the incident channel', () => {
    const severities = {
      ...config.incidents.severities,
      'SEV-1': { ...config.incidents.severities['SEV-1'], invite: ['sre'] },
    };
    const issues = crossCheckConfig({ ...config, incidents: { ...config.incidents, severities } }, [
      production,
      staging,
    ]);
    expect(issues.map((i) => [i.path.join('.'), i.message.split(' (')[0]])).toEqual([
      ['incidents.severities.SEV-1.invite.0', 'unknown role "sre"'],
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

describe('crossCheckConfig: deploy targets and validations', () => {
  const checkout = config.services.checkout as ServiceConfig;
  const payments = config.services.payments as ServiceConfig;
  const commandTarget = checkout.deploy as Extract<ServiceConfig['deploy'], { adapter: 'command' }>;
  const withServices = (services: Record<string, ServiceConfig>): ShipgateConfig => ({ ...config, services });
  const without = <T extends object>(value: T, key: string): T =>
    Object.fromEntries(Object.entries(value).filter(([k]) => k !== key)) as T;

  it('refuses a required pre-deployment check the service does not bind, naming service, environment and check', () => {
    const issues = crossCheckConfig(
      withServices({
        checkout: { ...checkout, validations: without(checkout.validations, 'integration_tests') },
      }),
      [production, staging],
    );

    expect(issues).toEqual([
      {
        path: ['services', 'checkout', 'validations', 'integration_tests'],
        message:
          'missing; checkout deploys to production, staging, which require the pre-deployment check integration_tests: bind it to a command or http check',
      },
    ]);
  });

  it('does not ask for checks an environment only lists as optional', () => {
    const stagingOnly = {
      ...checkout,
      environments: ['staging'],
      validations: without(checkout.validations, 'security_scan'),
    };

    expect(crossCheckConfig(withServices({ checkout: stagingOnly }), [production, staging])).toEqual([]);
  });

  it('refuses a service without a deploy target where approval is required, but not where it is not', () => {
    const { deploy: _deploy, ...noTarget } = payments;

    expect(crossCheckConfig(withServices({ payments: noTarget }), [production, staging])).toEqual([
      {
        path: ['services', 'payments', 'deploy'],
        message:
          'missing; payments deploys to production, where approval is required, so it needs a deploy target (adapter: command or http)',
      },
    ]);
    expect(
      crossCheckConfig(withServices({ payments: { ...noTarget, environments: ['staging'] } }), [
        production,
        staging,
      ]),
    ).toEqual([]);
  });

  it('refuses a command target lacking the commands its strategies run, naming strategy and environment', () => {
    const steps = without(without(commandTarget.steps, 'switch_traffic'), 'health_check');
    const issues = crossCheckConfig(
      withServices({ checkout: { ...checkout, deploy: { ...commandTarget, steps } } }),
      [production, { ...staging, deployment_strategy: 'canary' }],
    );

    expect(issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      [
        'services.checkout.deploy.steps.switch_traffic',
        'missing; checkout deploys blue-green to production, which needs a switch_traffic command',
      ],
      [
        'services.checkout.deploy.steps.health_check',
        'missing; checkout deploys canary to staging, which needs a health_check command',
      ],
      [
        'services.checkout.deploy.steps.set_traffic',
        'missing; checkout deploys canary to staging, which needs a set_traffic command',
      ],
      [
        'services.checkout.deploy.steps.canary_stop',
        "missing; rolling back checkout's canary deploys to staging runs a canary_stop command, e.g. the chapter's scripts/canary-stop.sh",
      ],
      [
        'services.checkout.deploy.steps.terminate_canary',
        "missing; rolling back checkout's canary deploys to staging runs a terminate_canary command, e.g. the chapter's scripts/terminate-canary.sh",
      ],
    ]);
  });

  it('names every strategy using a missing command', () => {
    const steps = without(commandTarget.steps, 'health_check');
    const issues = crossCheckConfig(
      withServices({ checkout: { ...checkout, deploy: { ...commandTarget, steps } } }),
      [{ ...production, deployment_strategy: 'recreate', allow_recreate: true }, staging],
    );

    expect(issues.map((i) => i.message)).toEqual([
      'missing; checkout deploys recreate to production, rolling to staging, which needs a health_check command',
    ]);
  });

  it('asks an http target for no step commands, whatever the strategy', () => {
    const canary = { ...production, deployment_strategy: 'canary' as const };

    expect(crossCheckConfig(withServices({ payments }), [canary, staging])).toEqual([]);
  });

  it('refuses command templates that only a shell could run', () => {
    const deploy = {
      ...commandTarget,
      steps: { ...commandTarget.steps, deploy: './deploy.sh {service} && ./notify.sh {version}' },
    };
    const validations = {
      ...checkout.validations,
      smoke_tests: { command: "./smoke.sh '{service}", env: {}, pass_env: [] },
    };
    const issues = crossCheckConfig(withServices({ checkout: { ...checkout, deploy, validations } }), [
      production,
      staging,
    ]);

    expect(issues).toEqual([
      {
        path: ['services', 'checkout', 'validations', 'smoke_tests', 'command'],
        message: "cannot be split into arguments: a quote (') is opened but never closed",
      },
      {
        path: ['services', 'checkout', 'deploy', 'steps', 'deploy'],
        message:
          'commands run without a shell, so "&&" would be passed as an argument; put pipes, redirections and command lists in a script',
      },
    ]);
  });
});
