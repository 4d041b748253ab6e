import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDeployTarget } from '../../../src/adapters/deploy/create-deploy-target.js';
import { BindingValidator } from '../../../src/adapters/validation/binding-validator.js';
import { loadConfig } from '../../../src/config/load-config.js';
import type { PlanStep, StepContext } from '../../../src/core/deploys/deploy-types.js';
import { type DemoService, startDemoService } from '../../../src/sandbox/demo-service/demo-service.js';
import { startLoopback } from './loopback-server.js';

const repo = resolve(import.meta.dirname, '../../..');
const loaded = loadConfig(join(repo, 'config/shipgate.example.yml'));
const baseDir = dirname(loaded.path);
let stateDir: string;
let demo: DemoService;

beforeAll(async () => {
  demo = await startDemoService({ services: ['checkout', 'payments'] });
});
afterAll(() => demo.stop());
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
  return { PATH: process.env.PATH, DEMO_TARGET_STATE_DIR: stateDir, DEMO_SWITCH_URL: demo.url, ...extra };
}

const blueGreen: PlanStep[] = [
  { id: 'deploy-green', kind: 'deploy', label: 'Deploy to green', color: 'green' },
  { id: 'smoke-green', kind: 'smoke_test', label: 'Smoke test green', color: 'green' },
  { id: 'switch-green', kind: 'switch_traffic', label: 'Switch traffic to green', color: 'green' },
];

const checkoutState = () => demo.state().find((s) => s.service === 'checkout');

describe('the example config with the demo service and scripts', () => {
  it('deploys checkout blue-green for real through scripts/*.sh and makes green live', async () => {
    const target = createDeployTarget('checkout', service('checkout').deploy, {
      baseDir,
      env: environment(),
    });
    const outcomes = [];
    for (const step of blueGreen) outcomes.push(await target.runStep(step, context));

    expect(outcomes.map((o) => o.ok)).toEqual([true, true, true]);
    expect(outcomes[0]?.output.split('\n')[0]).toBe('deploying checkout 2.5.4 to green…');
    expect(outcomes[1]?.output).toMatch(/^checkout green \(green\): \/healthz 200; .*: healthy$/);
    expect(outcomes[2]?.output).toContain('green is live with checkout 2.5.4; blue is idle');
    expect(checkoutState()).toMatchObject({ live: 'green', versions: { green: '2.5.4' } });
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
    expect(demo.state().find((s) => s.service === 'payments')).toMatchObject({
      canary: 'green',
      weights: { blue: 75, green: 25 },
      versions: { green: '3.1.0' },
    });
  });

  it('fails the smoke test of a broken colour and leaves traffic where it was', async () => {
    const target = createDeployTarget('checkout', service('checkout').deploy, {
      baseDir,
      env: environment(),
    });
    const blue: PlanStep[] = [
      { id: 'deploy-blue', kind: 'deploy', label: 'Deploy to blue', color: 'blue' },
      { id: 'smoke-blue', kind: 'smoke_test', label: 'Smoke test blue', color: 'blue' },
    ];
    demo.break('blue', 'checkout');
    expect((await target.runStep(blue[0] as PlanStep, { ...context, version: '2.5.5' })).ok).toBe(true);
    const failed = await target.runStep(blue[1] as PlanStep, { ...context, version: '2.5.5' });
    demo.heal('blue', 'checkout');
    expect(failed).toMatchObject({ ok: false, summary: expect.stringMatching(/^exit 1 after /) });
    expect(failed.output).toContain('checkout blue (blue): /healthz 500');
    expect(checkoutState()).toMatchObject({ live: 'green' });
  });

  it('records a rollback with document_rollback', async () => {
    const target = createDeployTarget('checkout', service('checkout').deploy, {
      baseDir,
      env: environment(),
    });
    const outcome = await target.runStep(
      { id: 'rollback-document', kind: 'document_rollback', label: 'Document the rollback' },
      { ...context, version: '2.5.3', previousVersion: '2.5.4' },
    );
    expect(outcome.ok).toBe(true);
    expect(checkoutState()?.notes).toEqual(['rolled back 2.5.4 to 2.5.3 in production (dep-1)']);
  });

  it('times out a step whose switch does not answer', async () => {
    const hanging = await startLoopback(() => 'hang');
    const deploy = { ...service('checkout').deploy, timeout: { ms: 300, text: '0.3s' } };
    const target = createDeployTarget('checkout', deploy, {
      baseDir,
      env: environment({ DEMO_SWITCH_URL: hanging.url }),
      killGraceMs: 200,
    });
    const outcome = await target.runStep(blueGreen[0] as PlanStep, context);
    await hanging.close();

    expect(outcome).toMatchObject({ ok: false, timedOut: true });
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
