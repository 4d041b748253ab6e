import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BindingValidator } from '../../../src/adapters/validation/binding-validator.js';
import type { ValidationBinding } from '../../../src/core/config/deploy-target-schema.js';
import type { StepContext } from '../../../src/core/deploys/deploy-types.js';
import { type Answer, type LoopbackServer, startLoopback } from './loopback-server.js';

const fixtures = resolve(import.meta.dirname, '../../fixtures/adapters');
const script = (name: string) => `"${process.execPath}" ${join(fixtures, name)}`;
const servers: LoopbackServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const context: StepContext = {
  deployId: 'dep-9',
  service: 'checkout',
  version: '2.6.0-rc.1',
  previousVersion: '2.5.4',
  env: 'staging',
};

function command(template: string, extra: Partial<ValidationBinding> = {}): ValidationBinding {
  return { command: template, env: {}, pass_env: [], ...extra };
}

function http(url: string, extra: Partial<ValidationBinding> = {}): ValidationBinding {
  return { http: url, env: {}, pass_env: [], ...extra };
}

function validator(bindings: Record<string, ValidationBinding>): BindingValidator {
  return new BindingValidator('checkout', bindings, {
    baseDir: fixtures,
    env: { PATH: process.env.PATH, SLACK_BOT_TOKEN: 'xoxb-must-not-leak' },
    killGraceMs: 200,
  });
}

async function serve(answer: () => Answer): Promise<LoopbackServer> {
  const server = await startLoopback(answer);
  servers.push(server);
  return server;
}

describe('BindingValidator', () => {
  it('knows which checks are bound, and nothing inherited from Object', () => {
    const checks = validator({ smoke_tests: command('true') });

    expect(checks.has('smoke_tests')).toBe(true);
    expect(checks.has('security_scan')).toBe(false);
    expect(checks.has('constructor')).toBe(false);
  });

  it('passes a command check that exits 0, filling its argv and naming the check in SHIPGATE_CHECK', async () => {
    const outcome = await validator({
      smoke_tests: command(`${script('print-invocation.mjs')} {service} {version} {env}`, {
        env: { SUITE: 'fast' },
      }),
    }).run('smoke_tests', context);
    const seen = JSON.parse(outcome.output);

    expect(outcome).toMatchObject({ ok: true, summary: expect.stringMatching(/^exit 0 in /) });
    expect(seen.argv).toEqual(['checkout', '2.6.0-rc.1', 'staging']);
    expect(seen.env).toMatchObject({
      SUITE: 'fast',
      SHIPGATE_CHECK: 'smoke_tests',
      SHIPGATE_VERSION: '2.6.0-rc.1',
    });
    expect(seen.env.SLACK_BOT_TOKEN).toBeUndefined();
  });

  it('fails a command check that exits non-zero, keeping its output', async () => {
    const outcome = await validator({ security_scan: command(`${script('exit-with.mjs')} 2`) }).run(
      'security_scan',
      context,
    );

    expect(outcome).toMatchObject({ ok: false, output: 'to stdout\nto stderr' });
    expect(outcome.summary).toMatch(/^exit 2 after /);
  });

  it("stops a command check at the binding's timeout", async () => {
    const outcome = await validator({
      integration_tests: command(script('stubborn.mjs'), { timeout: { ms: 500, text: '0.5s' } }),
    }).run('integration_tests', context);

    expect(outcome).toMatchObject({ ok: false, timedOut: true, summary: 'timed out after 0.5 s' });
  });

  it('passes an http check answering 2xx, with the filled URL and the body in the output', async () => {
    const server = await serve(() => ({ status: 200, body: '{"healthy":true}' }));
    const outcome = await validator({ smoke_tests: http(`${server.url}/health/{service}?v={version}`) }).run(
      'smoke_tests',
      context,
    );

    expect(outcome).toMatchObject({ ok: true, summary: expect.stringMatching(/^HTTP 200 in /) });
    expect(outcome.output).toBe(`GET ${server.url}/health/checkout → 200\n{"healthy":true}`);
    expect(server.received.map((r) => [r.method, r.url])).toEqual([['GET', '/health/checkout?v=2.6.0-rc.1']]);
  });

  it('fails an http check answering non-2xx', async () => {
    const server = await serve(() => ({ status: 500, body: 'baseline regressed by 40%' }));
    const outcome = await validator({ performance_baseline: http(`${server.url}/baseline`) }).run(
      'performance_baseline',
      context,
    );

    expect(outcome.ok).toBe(false);
    expect(outcome.summary).toMatch(/^HTTP 500 after /);
    expect(outcome.output).toContain('baseline regressed by 40%');
  });

  it("times out an http check at the binding's timeout", async () => {
    const server = await serve(() => 'hang');
    const outcome = await validator({
      smoke_tests: http(`${server.url}/slow`, { timeout: { ms: 200, text: '0.2s' } }),
    }).run('smoke_tests', context);

    expect(outcome).toMatchObject({ ok: false, timedOut: true, summary: 'timed out after 0.2 s' });
  });

  it('refuses a check that is not bound', async () => {
    const outcome = await validator({}).run('load_tests', context);

    expect(outcome).toMatchObject({ ok: false, summary: 'no load_tests check is bound for checkout' });
  });
});
