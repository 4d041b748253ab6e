import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { GeneratorTemplates } from '../../../../src/adapters/templates/generator-templates.js';
import { loadConfig } from '../../../../src/config/load-config.js';
import { validateWith } from '../../../../src/core/config/config-issue.js';
import { checkEnvironmentPolicy, crossCheckConfig } from '../../../../src/core/config/cross-check-config.js';
import {
  DEPLOYMENT_STRATEGIES,
  type EnvironmentPolicy,
  environmentPolicySchema,
} from '../../../../src/core/config/environment-policy-schema.js';
import type { ShipgateConfig } from '../../../../src/core/config/shipgate-config-schema.js';
import {
  type EnvironmentPolicyAsk,
  environmentPolicyView,
} from '../../../../src/core/generators/environment-policy-view.js';

const example = loadConfig('config/shipgate.example.yml');

/** The policy file `new environment` would write, parsed back with the schema. */
function rendered(ask: EnvironmentPolicyAsk, config: ShipgateConfig = example.config): EnvironmentPolicy {
  const draft = environmentPolicyView(ask, config);
  if (!draft.ok) throw new Error(draft.error);
  const policy = validateWith(
    environmentPolicySchema,
    parse(new GeneratorTemplates().environmentPolicy(draft.view)),
  );
  if (!policy.ok) throw new Error(JSON.stringify(policy.issues));
  return policy.value;
}

function chapterFile(name: string): EnvironmentPolicy {
  const policy = validateWith(
    environmentPolicySchema,
    parse(readFileSync(`config/environments/${name}`, 'utf8')),
  );
  if (!policy.ok) throw new Error(name);
  return policy.value;
}

describe('environmentPolicyView', () => {
  it("writes production as the chapter's 3.4 file, value for value, from the example config", () => {
    expect(rendered({ name: 'production' })).toEqual(chapterFile('production-deployment.yml'));
  });

  it('writes another environment with the staging values, no approval and rolling', () => {
    const { environment: _production, ...staging } = chapterFile('staging-deployment.yml');
    const { environment, ...qa } = rendered({ name: 'qa' });
    expect(environment).toBe('qa');
    expect(qa).toEqual(staging);
  });

  it.each(
    DEPLOYMENT_STRATEGIES.flatMap((strategy): EnvironmentPolicyAsk[] => [
      { name: 'qa', strategy },
      { name: 'qa', strategy, approvers: ['team-lead'] },
      ...(strategy === 'recreate' ? [] : [{ name: 'production', strategy }]),
    ]),
  )('writes a policy the example config accepts: %o', (ask) => {
    const policy = rendered(ask);
    expect(policy.deployment_strategy).toBe(ask.strategy);
    expect(policy.approval.required).toBe(ask.name === 'production' || ask.approvers !== undefined);
    expect(checkEnvironmentPolicy(policy)).toEqual([]);
    const others = [...example.environments.values()].filter((p) => p.environment !== ask.name);
    expect(
      crossCheckConfig(example.config, [...others, policy]).filter((i) => i.severity === undefined),
    ).toEqual([]);
  });

  it('names the approvers asked for, and escalates to engineering-lead unless it approves', () => {
    expect(rendered({ name: 'qa', approvers: ['cto', 'team-lead'] }).approval).toMatchObject({
      required: true,
      approvers: ['cto', 'team-lead'],
      timeout: { text: '30m' },
      escalation_on_timeout: 'engineering-lead',
    });
    expect(
      rendered({ name: 'qa', approvers: ['engineering-lead'] }).approval.escalation_on_timeout,
    ).toBeUndefined();
  });

  it('leaves out what the config cannot serve: holidays, PagerDuty, email, the escalation role', () => {
    const { holidays: _h, paging: _p, ...rest } = example.config;
    const bare: ShipgateConfig = {
      ...rest,
      notifications: {},
      roles: { 'team-lead': ['U0BOB'], 'on-call-engineer': ['U0CAROL'] },
    };
    const policy = rendered({ name: 'production' }, bare);
    expect(policy.rollback.notification).toEqual(['slack']);
    expect(policy.change_window?.blackout_periods).toEqual(['end_of_month', 'major_events']);
    expect(policy.approval.escalation_on_timeout).toBeUndefined();
  });

  it('refuses what config check would refuse, with the reason', () => {
    const error = (ask: EnvironmentPolicyAsk, config = example.config) => {
      const draft = environmentPolicyView(ask, config);
      return draft.ok ? undefined : draft.error;
    };
    expect(error({ name: 'production', strategy: 'recreate' })).toContain('recreate takes production down');
    expect(error({ name: 'production', approval: false })).toContain('need human approval');
    expect(error({ name: 'qa', strategy: 'big-bang' })).toBe(
      'unknown strategy big-bang; expected blue-green, canary, rolling, recreate',
    );
    expect(error({ name: 'qa', approvers: ['nobody'] })).toContain('unknown role nobody (roles: cto,');
    expect(error({ name: 'qa', approvers: ['cto'], approval: false })).toBe(
      'give --approvers or --no-approval, not both',
    );
    expect(error({ name: 'production' }, { ...example.config, roles: { cto: ['U0ERIN'] } })).toContain(
      'name approver roles with --approvers',
    );
  });
});
