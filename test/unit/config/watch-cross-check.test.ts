import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { validateWith } from '../../../src/core/config/config-issue.js';
import { crossCheckConfig } from '../../../src/core/config/cross-check-config.js';
import {
  type EnvironmentPolicy,
  environmentPolicySchema,
} from '../../../src/core/config/environment-policy-schema.js';
import {
  type ServiceConfig,
  type ShipgateConfig,
  shipgateConfigSchema,
} from '../../../src/core/config/shipgate-config-schema.js';
import type { WatchConfig } from '../../../src/core/config/watch-schema.js';

const fixtures = resolve(import.meta.dirname, '../../fixtures');

function load<T>(schema: Parameters<typeof validateWith>[0], file: string): T {
  const result = validateWith(schema, parse(readFileSync(resolve(fixtures, file), 'utf8')));
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value as T;
}

/** The adapters fixture: checkout (command target, staging + production) and payments (http, production). */
const config = load<ShipgateConfig>(shipgateConfigSchema, 'adapters/config/shipgate.yml');
const production = load<EnvironmentPolicy>(environmentPolicySchema, 'config/environments/production.yml');
const staging = load<EnvironmentPolicy>(environmentPolicySchema, 'config/environments/staging.yml');
const checkout = config.services.checkout as ServiceConfig;
const watch = checkout.watch as WatchConfig;

/** Only checkout, with `change` applied; payments is dropped so each case reads on its own. */
function checkoutWith(change: Partial<ServiceConfig>): ShipgateConfig {
  return { ...config, services: { checkout: { ...checkout, ...change } } };
}
function withoutKey<T extends object>(value: T, key: string): T {
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== key)) as T;
}
/** `crossCheckConfig` without the "unknown environment" issues of cases that pass only one of the two policies. */
function check(main: ShipgateConfig, policies: readonly EnvironmentPolicy[]) {
  return crossCheckConfig(main, policies).filter((i) => i.path[2] !== 'environments');
}
const paths = (issues: readonly { path: readonly (string | number)[] }[]) =>
  issues.map((i) => i.path.join('.'));

describe('crossCheckConfig: the post-deploy watch', () => {
  it('accepts the fixture, whose services watch everything both policies ask for', () => {
    expect(check(config, [production, staging])).toEqual([]);
  });

  it('refuses a watched service without a query for a metric a trigger or alert names, saying which and why', () => {
    const issues = check(
      checkoutWith({ watch: { ...watch, queries: withoutKey(watch.queries, 'error_rate') } }),
      [production, staging],
    );
    expect(issues).toEqual([
      {
        path: ['services', 'checkout', 'watch', 'queries', 'error_rate'],
        message:
          'missing; checkout deploys to production (trigger error_rate_increase, alert "error_rate > 1%"); staging (trigger error_rate_increase, alert "error_rate > 5%"), which need a PromQL query for error_rate',
      },
    ]);
  });

  it('needs every latency metric of monitoring.metrics for latency_increase, even one no alert names', () => {
    const issues = check(
      checkoutWith({ watch: { ...watch, queries: withoutKey(watch.queries, 'latency_p95') } }),
      [production],
    );
    expect(issues.map((i) => i.message)).toEqual([
      'missing; checkout deploys to production (trigger latency_increase), which needs a PromQL query for latency_p95',
    ]);
  });

  it('refuses a service without a watch where triggers or watch checks are required, and only warns for alerts alone', () => {
    const { watch: _watch, ...unwatched } = checkout;
    const refused = check({ ...config, services: { checkout: unwatched } }, [staging]);
    expect(refused).toEqual([
      {
        path: ['services', 'checkout', 'watch'],
        message:
          'missing; checkout deploys to staging, whose policy has rollback.triggers health_check_failures, error_rate_increase, latency_increase and required post-deployment checks health_checks: without a watch nothing samples the release and the automatic rollback never fires',
      },
    ]);
    const alertsOnly: EnvironmentPolicy = {
      ...staging,
      rollback: { ...staging.rollback, automatic: false, triggers: [] },
      validation: { ...staging.validation, post_deployment: [] },
    };
    const warned = check({ ...config, services: { checkout: unwatched } }, [alertsOnly]);
    expect(warned).toEqual([
      {
        path: ['services', 'checkout', 'watch'],
        severity: 'warning',
        message: expect.stringMatching(/^not set; checkout deploys to staging, whose monitoring\.alerts/),
      },
    ]);
  });

  it('binds required post-deployment checks: a health check, a smoke_tests validation, queries, business metrics', () => {
    const bare: WatchConfig = { ...watch, queries: {}, business_metrics: {} };
    const { health_check: _health, ...noHealth } = bare;
    const issues = check(
      checkoutWith({ watch: noHealth, validations: withoutKey(checkout.validations, 'smoke_tests') }),
      [
        {
          ...production,
          rollback: { ...production.rollback, triggers: [] },
          monitoring: { ...production.monitoring, alerts: [] },
        },
      ],
    );
    expect(issues.filter((i) => i.environment === 'production')).toEqual([
      {
        path: ['validation', 'post_deployment', 0, 'health_checks'],
        message:
          'checkout cannot run it: set services.checkout.watch.health_check (a health URL) in the main config',
        environment: 'production',
      },
      {
        path: ['validation', 'post_deployment', 1, 'smoke_tests'],
        message:
          'checkout cannot run it: bind services.checkout.validations.smoke_tests to a command or http check in the main config',
        environment: 'production',
      },
      {
        path: ['validation', 'post_deployment', 2, 'monitoring_verification'],
        message: expect.stringMatching(/^checkout cannot run it: set services\.checkout\.watch\.queries/),
        environment: 'production',
      },
      {
        path: ['validation', 'post_deployment', 3, 'business_metrics'],
        message: expect.stringMatching(
          /^checkout cannot run it: set services\.checkout\.watch\.business_metrics/,
        ),
        environment: 'production',
      },
    ]);
  });

  it('wants a health check for health_check_failures and a business metric for business_metric_degradation', () => {
    const { health_check: _health, ...noHealth } = watch;
    const degradation: EnvironmentPolicy = {
      ...staging,
      validation: { ...staging.validation, post_deployment: [] },
      rollback: {
        ...staging.rollback,
        triggers: [
          ...staging.rollback.triggers,
          { kind: 'business_metric_degradation', percent: 5, relative: true },
        ],
      },
    };
    const issues = check(checkoutWith({ watch: { ...noHealth, business_metrics: {} } }), [degradation]);
    expect(paths(issues)).toEqual([
      'services.checkout.watch.health_check',
      'services.checkout.watch.business_metrics',
    ]);
  });
});

describe('crossCheckConfig: rollback steps and notifications', () => {
  const commandTarget = checkout.deploy as Extract<ServiceConfig['deploy'], { adapter: 'command' }>;

  it('refuses a blue-green command target without the health_check a rollback runs', () => {
    const bg = { ...staging, deployment_strategy: 'blue-green' as const };
    const steps = withoutKey(commandTarget.steps, 'health_check');
    const issues = check(checkoutWith({ deploy: { ...commandTarget, steps } }), [bg]);
    expect(issues).toEqual([
      {
        path: ['services', 'checkout', 'deploy', 'steps', 'health_check'],
        message:
          "missing; rolling back checkout's blue-green deploys to staging runs a health_check command, e.g. the chapter's scripts/health-check.sh",
      },
    ]);
  });

  it('accepts a canary command target with canary_stop and terminate_canary', () => {
    const canary = { ...staging, deployment_strategy: 'canary' as const };
    const steps = {
      ...commandTarget.steps,
      set_traffic: './traffic.sh {percent}',
      canary_stop: './scripts/canary-stop.sh {service}',
      terminate_canary: './scripts/terminate-canary.sh {service}',
    };
    expect(check(checkoutWith({ deploy: { ...commandTarget, steps } }), [canary])).toEqual([]);
  });

  it('needs notifications.email when a policy lists email under rollback.notification', () => {
    const noEmail = { ...config, notifications: {} };
    expect(check(noEmail, [production, staging])).toEqual([
      {
        path: ['notifications', 'email'],
        message:
          'missing; production lists email under rollback.notification, so rollbacks need notifications.email { smtp_url_env, from, to }',
      },
    ]);
    expect(check(noEmail, [staging])).toEqual([]);
  });

  it('warns when watch queries exist but metrics.prometheus does not', () => {
    const { metrics: _metrics, ...noPrometheus } = config;
    expect(check(noPrometheus, [production, staging])).toEqual([
      {
        path: ['metrics'],
        severity: 'warning',
        message:
          'not set, so the watch.queries of checkout, payments are never sampled and metric triggers and alerts never fire; set metrics.prometheus.url or metrics.http_json.url',
      },
    ]);
  });
});
