import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { validateWith } from '../../../src/core/config/config-issue.js';
import { checkEnvironmentPolicy } from '../../../src/core/config/cross-check-config.js';
import {
  type EnvironmentPolicy,
  environmentPolicySchema,
} from '../../../src/core/config/environment-policy-schema.js';
import { sourceChecksums } from '../../support/source-checksums.js';

const repo = resolve(import.meta.dirname, '../../..');
const productionFile = resolve(repo, 'config/environments/production-deployment.yml');
const stagingFile = resolve(repo, 'config/environments/staging-deployment.yml');
/** The chapter's section 3.4, vendored with its provenance and checksum in `SOURCE` beside it. */
const chapterDir = resolve(repo, 'test/fixtures/chapter');

/** The YAML block of the chapter's section 3.4: from its first line through `    - major_events`. */
function chapterBlock(): string {
  const lines = readFileSync(resolve(chapterDir, 'chapter-6-section-3.4.txt'), 'utf8').split(/\r?\n/);
  const marker = lines.indexOf('File: config/environments/production-deployment.yml');
  const start = lines.indexOf('# Production Deployment Configuration', marker);
  const end = lines.indexOf('    - major_events', start);
  expect(marker).toBeGreaterThanOrEqual(0);
  expect(end).toBeGreaterThan(start);
  return lines.slice(start, end + 1).join('\n');
}

function policyFrom(text: string): EnvironmentPolicy {
  const result = validateWith(environmentPolicySchema, parse(text));
  if (!result.ok) throw new Error(result.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
  return result.value;
}

function withChange(text: string, from: string, to: string): unknown {
  expect(text).toContain(from);
  return parse(text.replace(from, to));
}

describe('the vendored chapter excerpt', () => {
  it('is the one file its SOURCE lists, with the SHA-256 recorded there', () => {
    const checksums = sourceChecksums(chapterDir);
    expect(checksums.map((c) => c.path)).toEqual(['chapter-6-section-3.4.txt']);
    expect(checksums.filter((c) => c.actual !== c.recorded)).toEqual([]);
  });
});

describe('the chapter production policy', () => {
  const text = readFileSync(productionFile, 'utf8');

  it('is the chapter section 3.4 file byte for byte', () => {
    expect(text.replace(/\n$/, '')).toBe(chapterBlock());
  });

  it('loads unchanged with typed values', () => {
    const policy = policyFrom(text);
    expect(policy.environment).toBe('production');
    expect(policy.deployment_strategy).toBe('blue-green');
    expect(policy.approval).toEqual({
      required: true,
      approvers: ['team-lead', 'on-call-engineer'],
      timeout: { ms: 30 * 60_000, text: '30m' },
      escalation_on_timeout: 'engineering-lead',
    });
    expect(policy.validation.pre_deployment.map((s) => s.name)).toEqual([
      'smoke_tests',
      'integration_tests',
      'security_scan',
      'performance_baseline',
    ]);
    expect(policy.validation.post_deployment.every((s) => s.level === 'required')).toBe(true);
    expect(policy.rollback.triggers).toEqual([
      { kind: 'health_check_failures', consecutive: 3 },
      { kind: 'error_rate_increase', percent: 10, relative: true },
      { kind: 'latency_increase', percent: 50, relative: true },
    ]);
    expect(policy.rollback.timeout.ms).toBe(5 * 60_000);
    expect(policy.rollback.notification).toEqual(['slack', 'pagerduty', 'email']);
    expect(policy.monitoring.duration.ms).toBe(30 * 60_000);
    expect(
      policy.monitoring.alerts.map((a) => [a.threshold.metric, a.threshold.value, a.threshold.unit]),
    ).toEqual([
      ['error_rate', 1, '%'],
      ['latency_p99', 500, 'ms'],
    ]);
    expect(policy.change_window?.allowed_days).toEqual(['tuesday', 'wednesday', 'thursday']);
    expect(policy.change_window?.allowed_hours).toEqual([
      { startMinute: 600, endMinute: 960, text: '10:00-16:00' },
    ]);
    expect(policy.change_window?.blackout_periods).toEqual(['holidays', 'end_of_month', 'major_events']);
    expect(checkEnvironmentPolicy(policy)).toEqual([]);
  });

  it('accepts every trigger kind of chapter 4.3', () => {
    const extended = withChange(
      text,
      '    - latency_increase: 50%\n',
      '    - latency_increase: 50%\n    - business_metric_degradation: 5%\n    - security_incident: true\n',
    );
    const result = validateWith(environmentPolicySchema, extended);
    expect(result.ok && result.value.rollback.triggers.slice(3)).toEqual([
      { kind: 'business_metric_degradation', percent: 5, relative: true },
      { kind: 'security_incident' },
    ]);
  });

  it('takes relative: false on a percentage trigger and refuses it on others', () => {
    const absolute = withChange(
      text,
      '    - error_rate_increase: 10%\n',
      '    - { error_rate_increase: 2%, relative: false }\n',
    );
    const result = validateWith(environmentPolicySchema, absolute);
    expect(result.ok && result.value.rollback.triggers[1]).toEqual({
      kind: 'error_rate_increase',
      percent: 2,
      relative: false,
    });
    const wrong = withChange(
      text,
      '    - health_check_failures: 3\n',
      '    - { health_check_failures: 3, relative: false }\n',
    );
    const refused = validateWith(environmentPolicySchema, wrong);
    expect(refused.ok).toBe(false);
    expect(JSON.stringify(refused)).toContain('relative applies only to');
  });

  it.each([
    {
      name: 'an unknown rollback trigger',
      from: '    - health_check_failures: 3\n',
      to: '    - disk_full: 3\n',
      path: ['rollback', 'triggers', 0, 'disk_full'],
      message: /^unknown key "disk_full"; expected one of health_check_failures/,
    },
    {
      name: 'two triggers in one list item',
      from: '    - health_check_failures: 3\n',
      to: '    - health_check_failures: 3\n      error_rate_increase: 5%\n',
      path: ['rollback', 'triggers', 0],
      message: /exactly one trigger per item, got 2/,
    },
    {
      name: 'a fractional failure count',
      from: '    - health_check_failures: 3\n',
      to: '    - health_check_failures: 1.5\n',
      path: ['rollback', 'triggers', 0, 'health_check_failures'],
      message: /whole number of consecutive failures such as 3, got 1.5/,
    },
    {
      name: 'a check level other than required/optional',
      from: '    - smoke_tests: required\n    - integration',
      to: '    - smoke_tests: maybe\n    - integration',
      path: ['validation', 'pre_deployment', 0, 'smoke_tests'],
      message: /expected one of required, optional, got "maybe"/,
    },
    {
      name: 'a check without a level',
      from: '    - smoke_tests: required\n    - integration',
      to: '    - smoke_tests\n    - integration',
      path: ['validation', 'pre_deployment', 0],
      message: /expected an entry such as "smoke_tests: required", got "smoke_tests"/,
    },
    {
      name: 'an unknown strategy',
      from: 'deployment_strategy: blue-green',
      to: 'deployment_strategy: big-bang',
      path: ['deployment_strategy'],
      message: /expected one of blue-green, canary, rolling, recreate, got "big-bang"/,
    },
    {
      name: 'a yes/no string where a boolean belongs',
      from: '  required: true',
      to: '  required: yes',
      path: ['approval', 'required'],
      message: /expected true or false, got "yes"/,
    },
    {
      name: 'an unknown alert action',
      from: '      action: alert_oncall\n    - threshold: latency',
      to: '      action: page_everyone\n    - threshold: latency',
      path: ['monitoring', 'alerts', 0, 'action'],
      message: /got "page_everyone"/,
    },
    {
      name: 'a repeated allowed day',
      from: '[tuesday, wednesday, thursday]',
      to: '[tuesday, wednesday, tuesday]',
      path: ['change_window', 'allowed_days', 2],
      message: /day "tuesday" is listed twice/,
    },
    {
      name: 'an unknown blackout period',
      from: '    - holidays\n',
      to: '    - holidays\n    - full_moon\n',
      path: ['change_window', 'blackout_periods', 1],
      message: /expected one of holidays, end_of_month, major_events, got "full_moon"/,
    },
  ])('refuses $name', ({ from, to, path, message }) => {
    const result = validateWith(environmentPolicySchema, withChange(text, from, to));
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.issues).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  it('refuses production without human approval, and recreate unless explicitly allowed', () => {
    const noApproval = policyFrom(text.replace('  required: true', '  required: false'));
    expect(checkEnvironmentPolicy(noApproval)).toContainEqual(
      expect.objectContaining({ path: ['approval', 'required'], environment: 'production' }),
    );
    const recreate = policyFrom(
      text.replace('deployment_strategy: blue-green', 'deployment_strategy: recreate'),
    );
    expect(checkEnvironmentPolicy(recreate).map((i) => i.path)).toEqual([['deployment_strategy']]);
    const allowed = policyFrom(
      text.replace('deployment_strategy: blue-green', 'deployment_strategy: recreate\nallow_recreate: true'),
    );
    expect(checkEnvironmentPolicy(allowed)).toEqual([]);
  });

  it('refuses an alert on a metric the policy does not monitor', () => {
    const policy = policyFrom(text.replace('threshold: latency_p99 > 500ms', 'threshold: queue_depth > 500'));
    expect(checkEnvironmentPolicy(policy)).toEqual([
      {
        path: ['monitoring', 'alerts', 1, 'threshold'],
        message: 'metric "queue_depth" is not listed in monitoring.metrics',
        environment: 'production',
      },
    ]);
  });

  it('refuses a required approval without approvers or timeout', () => {
    const result = validateWith(
      environmentPolicySchema,
      withChange(
        text,
        '  approvers:\n    - team-lead\n    - on-call-engineer\n  timeout: 30m\n',
        '  approvers: []\n',
      ),
    );
    expect(result.ok ? [] : result.issues.map((i) => i.path.join('.'))).toEqual([
      'approval.approvers',
      'approval.timeout',
    ]);
  });
});

describe('the staging policy', () => {
  it('rolls out any day in business hours without human approval', () => {
    const policy = policyFrom(readFileSync(stagingFile, 'utf8'));
    expect(policy.environment).toBe('staging');
    expect(policy.deployment_strategy).toBe('rolling');
    expect(policy.approval.required).toBe(false);
    expect(policy.change_window?.allowed_days).toHaveLength(7);
    expect(policy.change_window?.allowed_hours[0]).toMatchObject({ startMinute: 9 * 60, endMinute: 18 * 60 });
    expect(policy.rollback.timeout.ms).toBeLessThanOrEqual(15 * 60_000);
    expect(checkEnvironmentPolicy(policy)).toEqual([]);
  });
});
