import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { GeneratorTemplates } from '../../../../src/adapters/templates/generator-templates.js';
import { loadConfig } from '../../../../src/config/load-config.js';
import { validateWith } from '../../../../src/core/config/config-issue.js';
import { crossCheckConfig } from '../../../../src/core/config/cross-check-config.js';
import {
  DEPLOYMENT_STRATEGIES,
  type EnvironmentPolicy,
  environmentPolicySchema,
} from '../../../../src/core/config/environment-policy-schema.js';
import {
  type ShipgateConfig,
  shipgateConfigSchema,
} from '../../../../src/core/config/shipgate-config-schema.js';
import { environmentPolicyView } from '../../../../src/core/generators/environment-policy-view.js';
import { serviceBlockView } from '../../../../src/core/generators/service-block-view.js';

const example = loadConfig('config/shipgate.example.yml');
const raw = parse(readFileSync('config/shipgate.example.yml', 'utf8')) as Record<string, unknown>;

function policy(name: string, strategy: string, approvers?: string[]): EnvironmentPolicy {
  const draft = environmentPolicyView({ name, strategy, approvers }, example.config);
  if (!draft.ok) throw new Error(draft.error);
  const parsed = validateWith(
    environmentPolicySchema,
    parse(new GeneratorTemplates().environmentPolicy(draft.view)),
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}

/** The main config with the rendered `billing` block under services (as `--write` puts it), parsed by the schema. */
function withBlock(
  policies: readonly EnvironmentPolicy[],
  extra: Record<string, unknown> = {},
): ShipgateConfig {
  const base = { ...raw, ...extra };
  const view = serviceBlockView(
    {
      name: 'billing',
      environments: policies.map((p) => p.environment),
      policies,
      scriptsDir: '../scripts',
    },
    shipgateConfigSchema.parse(base),
  );
  const block = parse(new GeneratorTemplates().serviceBlock(view)) as Record<string, unknown>;
  expect(Object.keys(block)).toEqual(['billing']);
  return shipgateConfigSchema.parse({ ...base, services: { ...(raw.services as object), ...block } });
}

function errors(config: ShipgateConfig, policies: readonly EnvironmentPolicy[]) {
  const all = [...example.environments.values()].filter(
    (p) => !policies.some((q) => q.environment === p.environment),
  );
  return crossCheckConfig(config, [...all, ...policies]).filter((i) => i.severity === undefined);
}

describe('serviceBlockView', () => {
  it.each(
    DEPLOYMENT_STRATEGIES.flatMap((strategy) => [
      { env: 'qa', strategy, approvers: undefined },
      { env: 'qa', strategy, approvers: ['team-lead'] },
      ...(strategy === 'recreate' ? [] : [{ env: 'production', strategy, approvers: undefined }]),
    ]),
  )(
    'writes a block every cross-check accepts for $env ($strategy, approvers $approvers)',
    ({ env, strategy, approvers }) => {
      const policies = [policy(env, strategy, approvers)];
      const config = withBlock(policies);
      expect(errors(config, policies)).toEqual([]);
      const deploy = config.services.billing?.deploy;
      expect(deploy?.adapter).toBe('command');
      if (deploy?.adapter === 'command')
        expect(deploy.steps.document_rollback).toContain('document-incident.sh');
    },
  );

  it('runs the strategy steps of every environment it goes to, with the chapter scripts', () => {
    const policies = [policy('qa', 'canary'), policy('production', 'blue-green')];
    const config = withBlock(policies);
    expect(errors(config, policies)).toEqual([]);
    const deploy = config.services.billing?.deploy;
    expect(deploy?.adapter === 'command' && Object.keys(deploy.steps)).toEqual([
      'deploy',
      'smoke_test',
      'switch_traffic',
      'set_traffic',
      'health_check',
      'canary_stop',
      'terminate_canary',
      'document_rollback',
    ]);
    expect(deploy?.adapter === 'command' && deploy.steps.switch_traffic).toBe(
      '../scripts/switch-traffic.sh {service} {color}',
    );
    expect(Object.keys(config.services.billing?.validations ?? {})).toEqual([
      'smoke_tests',
      'integration_tests',
      'security_scan',
      'performance_baseline',
    ]);
    expect(Object.keys(config.services.billing?.watch?.business_metrics ?? {})).toEqual([
      'requests_succeeded_per_minute',
    ]);
  });

  it('writes field names for metrics.http_json and PromQL otherwise', () => {
    const policies = [policy('qa', 'rolling')];
    const http = withBlock(policies, {
      metrics: { http_json: { url: 'http://127.0.0.1:9/{service}/{track}' } },
    });
    expect(http.services.billing?.watch?.queries).toEqual({
      error_rate: 'error_rate',
      latency_p95: 'latency_p95',
      latency_p99: 'latency_p99',
      throughput: 'throughput',
    });
    expect(errors(http, policies)).toEqual([]);
    const promql = withBlock(policies);
    expect(promql.services.billing?.watch?.queries.error_rate).toContain(
      'http_requests_total{service="{service}"',
    );
  });

  it('takes the channel asked for, else the first service channel', () => {
    const view = (channel?: string) =>
      serviceBlockView(
        { name: 'billing', environments: [], policies: [], scriptsDir: '.', channel },
        example.config,
      ).channel;
    expect(view()).toBe('"#deploys"');
    expect(view('#billing')).toBe('"#billing"');
  });
});
