import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDeployTarget } from '../../../src/adapters/deploy/create-deploy-target.js';
import { BindingValidator } from '../../../src/adapters/validation/binding-validator.js';
import { loadConfig } from '../../../src/config/load-config.js';
import type { PlanStep, StepContext } from '../../../src/core/deploys/deploy-types.js';

const repo = resolve(import.meta.dirname, '../../..');
const loaded = loadConfig(join(repo, 'config/shipgate.example.yml'));
const baseDir = dirname(loaded.path);
let stateDir: string;

beforeEach(() => {
  stateDir = mkdtempSync(join(tmpdir(), 'shipgate-demo-target-'));
});
afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

const context: StepContext = {
  deployId: 'dep-1',
  service: 'checkout',
  version: '2.5.4',
  previousVersion: '2.5.3',
  env: 'production',
};

function service(name: 'checkout' | 'payments') {
  const config = loaded.config.services[name];
  if (config?.deploy === undefined) throw new Error(`the example config has no deploy target for ${name}`);
  return config as typeof config & { deploy: NonNullable<typeof config.deploy> };
}

function environment(extra: Record<string, string> = {}) {
  return { PATH: process.env.PATH, DEMO_TARGET_STATE_DIR: stateDir, ...extra };
}

function state(name: string) {
  return JSON.parse(readFileSync(join(stateDir, `${name}.json`), 'utf8'));
}

const blueGreen: PlanStep[] = [
  { id: 'deploy-green', kind: 'deploy', label: 'Deploy to green', color: 'green' },
  { id: 'smoke-green', kind: 'smoke_test', label: 'Smoke test green', color: 'green' },
  { id: 'switch-green', kind: 'switch_traffic', label: 'Switch traffic to green', color: 'green' },
];

describe('the example config with the demo target', () => {
  it('deploys checkout blue-green for real and records green as live', async () => {
    const target = createDeployTarget('checkout', service('checkout').deploy, {
      baseDir,
      env: environment(),
    });
    const outcomes = [];
    for (const step of blueGreen) outcomes.push(await target.runStep(step, context));

    expect(outcomes.map((o) => o.ok)).toEqual([true, true, true]);
    expect(outcomes[0]?.output.split('\n')[0]).toBe('deploying checkout 2.5.4 to green (production)…');
    expect(outcomes[2]?.output).toContain('green is live with checkout 2.5.4; blue is idle');
    expect(state('checkout-production')).toMatchObject({
      live: 'green',
      version: '2.5.4',
      colors: { green: '2.5.4' },
    });
    expect(readFileSync(join(stateDir, '.gitignore'), 'utf8')).toBe('*\n');
  });

  it('routes a canary share with set_traffic', async () => {
    const target = createDeployTarget('payments', service('payments').deploy, {
      baseDir,
      env: environment(),
    });
    const outcome = await target.runStep(
      { id: 'traffic-25', kind: 'set_traffic', label: '25%', percent: 25 },
      { ...context, service: 'payments', version: '3.1.0' },
    );

    expect(outcome.ok).toBe(true);
    expect(state('payments-production')).toMatchObject({ canary: { version: '3.1.0', percent: 25 } });
  });

  it('fails the step named by DEMO_TARGET_FAIL_STEP and leaves traffic where it was', async () => {
    const env = environment({ DEMO_TARGET_FAIL_STEP: 'switch_traffic' });
    const target = createDeployTarget('checkout', service('checkout').deploy, { baseDir, env });
    const [deploy, smoke, switchTraffic] = blueGreen as [PlanStep, PlanStep, PlanStep];

    expect((await target.runStep(deploy, context)).ok).toBe(true);
    expect((await target.runStep(smoke, context)).ok).toBe(true);
    const failed = await target.runStep(switchTraffic, context);
    expect(failed).toMatchObject({ ok: false, summary: expect.stringMatching(/^exit 1 after /) });
    expect(failed.output).toContain(
      'switch_traffic failed for checkout (DEMO_TARGET_FAIL_STEP=switch_traffic)',
    );
    expect(state('checkout-production')).toMatchObject({ live: 'blue' });
  });

  it('times out a step slowed by DEMO_TARGET_SLOW_MS', async () => {
    const deploy = { ...service('checkout').deploy, timeout: { ms: 300, text: '0.3s' } };
    const target = createDeployTarget('checkout', deploy, {
      baseDir,
      env: environment({ DEMO_TARGET_SLOW_MS: '10000' }),
      killGraceMs: 200,
    });
    const outcome = await target.runStep(blueGreen[0] as PlanStep, context);

    expect(outcome).toMatchObject({ ok: false, timedOut: true });
    expect(outcome.output).toContain('(waiting 10000 ms, DEMO_TARGET_SLOW_MS)');
  });

  it('passes every pre-deployment check production requires, and fails the one DEMO_TARGET_FAIL_STEP names', async () => {
    const required =
      loaded.environments.get('production')?.validation.pre_deployment.map((c) => c.name) ?? [];
    const run = async (env: Record<string, string | undefined>) => {
      const checks = new BindingValidator('payments', service('payments').validations, { baseDir, env });
      const results: Record<string, boolean> = {};
      for (const name of required)
        results[name] = (await checks.run(name, { ...context, service: 'payments' })).ok;
      return results;
    };

    expect(required).toEqual(['smoke_tests', 'integration_tests', 'security_scan', 'performance_baseline']);
    expect(await run(environment())).toEqual({
      smoke_tests: true,
      integration_tests: true,
      security_scan: true,
      performance_baseline: true,
    });
    expect(await run(environment({ DEMO_TARGET_FAIL_STEP: 'security_scan' }))).toEqual({
      smoke_tests: true,
      integration_tests: true,
      security_scan: false,
      performance_baseline: true,
    });
  });
});
