import { describe, expect, it } from 'vitest';
import { GeneratorTemplates } from '../../../../src/adapters/templates/generator-templates.js';
import { loadConfig } from '../../../../src/config/load-config.js';
import type { EnvironmentPolicy } from '../../../../src/core/config/environment-policy-schema.js';
import type { ServiceConfig } from '../../../../src/core/config/shipgate-config-schema.js';
import { rollbackRunbook, triggerText } from '../../../../src/core/generators/rollback-runbook.js';
import { expectTemplateSections } from '../../../support/template-headings.js';

const example = loadConfig('config/shipgate.example.yml');
const production = example.environments.get('production') as EnvironmentPolicy;
const checkout = example.config.services.checkout as ServiceConfig;

function runbook(settings: ServiceConfig, policy: EnvironmentPolicy = production) {
  return rollbackRunbook({
    service: 'checkout',
    env: policy.environment,
    settings,
    policy,
    config: example.config,
  });
}

describe('rollbackRunbook', () => {
  it("lists the blue-green rollback with checkout's configured commands, {service} and {env} filled in", () => {
    const book = runbook(checkout);
    expect(book.steps).toEqual([
      {
        label: 'Switch traffic back to the previous colour',
        command: '../scripts/switch-traffic.sh checkout {color}',
        how: undefined,
      },
      {
        label: 'Verify the health of the previous colour',
        command: '../scripts/health-check.sh checkout {color}',
        how: undefined,
      },
      {
        label: 'Document the rollback',
        command:
          '../scripts/document-incident.sh checkout "rolled back {previous_version} to {version} in production ({deploy_id})"',
        how: undefined,
      },
    ]);
    expect(book.placeholders.map((p) => p.name)).toEqual([
      'color',
      'version',
      'previous_version',
      'deploy_id',
    ]);
    expect(book).toMatchObject({
      timeout: '5m',
      automatic: true,
      target: 'command',
      triggers: [
        '3 health check failures in a row',
        'error rate 10% above the baseline',
        'latency 50% above the baseline',
      ],
      notifications: ['slack', 'pagerduty', 'email'],
      incidentSeverity: 'SEV-2',
      shipgate: { rollback: '/rollback checkout --env production --reason "<what you saw>"' },
    });
  });

  it('lists the canary rollback (stop, all traffic to stable, terminate) with the canary share filled in', () => {
    const canary: EnvironmentPolicy = { ...production, deployment_strategy: 'canary' };
    expect(runbook(checkout, canary).steps.map((s) => [s.label, s.command])).toEqual([
      ['Stop the canary rollout', '../scripts/canary-stop.sh checkout'],
      ['Route 100% of traffic to stable', '../scripts/route-traffic.sh checkout 0 {version}'],
      ['Terminate the canary', '../scripts/terminate-canary.sh checkout'],
      [
        'Document the rollback',
        '../scripts/document-incident.sh checkout "rolled back {previous_version} to {version} in production ({deploy_id})"',
      ],
    ]);
  });

  it("falls back to the chapter's commands without a deploy target, and says how an http target is called", () => {
    const { deploy: _deploy, ...bare } = checkout;
    const chapter = runbook(bare);
    expect(chapter.target).toBe('chapter');
    expect(chapter.steps.map((s) => s.command)).toEqual([
      './scripts/switch-traffic.sh blue',
      './scripts/health-check.sh blue',
      './scripts/document-incident.sh',
    ]);
    const http = runbook({
      ...checkout,
      deploy: { adapter: 'http', url: 'https://deployer/{service}/{env}', secret_env: 'DEPLOYER_SECRET' },
    });
    expect(http.steps).toEqual([
      {
        label: 'Switch traffic back to the previous colour',
        command: undefined,
        how: 'Shipgate POSTs step switch_traffic to https://deployer/checkout/production',
      },
      {
        label: 'Verify the health of the previous colour',
        command: undefined,
        how: 'Shipgate POSTs step health_check to https://deployer/checkout/production',
      },
    ]);
  });

  it('words every trigger kind', () => {
    expect([
      triggerText({ kind: 'error_rate_increase', percent: 2, relative: false }),
      triggerText({ kind: 'business_metric_degradation', percent: 20, relative: true }),
      triggerText({ kind: 'security_incident' }),
    ]).toEqual([
      'error rate 2 percentage points above the baseline',
      'a business metric 20% worse than the baseline',
      'a security incident (a rollback with --security)',
    ]);
  });

  it("renders the chapter's five steps with the commands as code spans", () => {
    const markdown = new GeneratorTemplates().rollbackRunbook(runbook(checkout));
    expectTemplateSections(markdown, 'rollback-runbook.mustache');
    expect(markdown).toContain(
      '1. Switch traffic back to the previous colour: `../scripts/switch-traffic.sh checkout {color}`',
    );
    expect(markdown).toContain(
      '- Alerts: `error_rate > 1%` (alert_oncall); `latency_p99 > 500ms` (alert_oncall)',
    );
    expect(markdown).toContain(
      '- `{color}`: the colour that served before the bad release (traffic goes back to it)',
    );
    expect(markdown).toContain('Rollback must complete within: 5m');
  });
});
