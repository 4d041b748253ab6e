import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoService, startDemoService } from '../../../src/sandbox/demo-service/demo-service.js';

const exec = promisify(execFile);
let demo: DemoService;
let now = 0;

beforeAll(async () => {
  demo = await startDemoService({ services: ['checkout'], tickMs: 0, now: () => now });
});
afterAll(() => demo.stop());

/** Runs `scripts/<name>` as a real child process with only PATH and the switch's URL, as the command adapter does. */
async function script(
  name: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(resolve('scripts', name), args, {
      env: { PATH: process.env.PATH ?? '', DEMO_SWITCH_URL: demo.url },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const state = () => demo.state()[0];

describe('the demo scripts against a running demo service', () => {
  it('deploy.sh installs a version on a colour and switch-traffic.sh moves all traffic to it', async () => {
    expect((await script('deploy.sh', 'checkout', '2.5.3')).stdout).toContain('checkout 2.5.3 is up on blue');
    const deployed = await script('deploy.sh', 'checkout', '2.5.4', 'green');
    expect(deployed).toMatchObject({ code: 0 });
    expect(deployed.stdout).toContain('checkout 2.5.4 is up on green');
    const switched = await script('switch-traffic.sh', 'checkout', 'green');
    expect(switched.stdout).toContain('green is live with checkout 2.5.4; blue is idle');
    expect(state()).toMatchObject({ live: 'green', weights: { blue: 0, green: 100 } });
  });

  it('health-check.sh exits 0 while the colour is healthy and 1 while it is broken', async () => {
    now += 5000;
    demo.tick();
    const healthy = await script('health-check.sh', 'checkout', 'green');
    expect(healthy.code).toBe(0);
    expect(healthy.stdout).toMatch(
      /checkout green \(green\): \/healthz 200; error rate 0\.2%, p99 120 ms: healthy/,
    );
    demo.break('green');
    const broken = await script('health-check.sh', 'checkout', 'stable');
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('checkout stable (green): /healthz 500');
    demo.heal('green');
  });

  it('route-traffic.sh runs a canary, canary-stop.sh stops it and terminate-canary.sh removes it', async () => {
    const routed = await script('route-traffic.sh', 'checkout', '25', '2.6.0');
    expect(routed.stdout).toContain('canary: checkout 2.6.0 is up on blue');
    expect(routed.stdout).toContain('25% of checkout traffic on the canary (blue), 75% on green');
    expect(state()).toMatchObject({ canary: 'blue', weights: { blue: 25, green: 75 } });
    expect((await script('terminate-canary.sh', 'checkout')).code).toBe(1);
    expect((await script('canary-stop.sh', 'checkout')).stdout).toContain('all traffic on green');
    expect((await script('terminate-canary.sh', 'checkout')).stdout).toContain('on blue terminated');
    expect(state()).toMatchObject({ canary: null, versions: { blue: null, green: '2.5.4' } });
  });

  it('route-traffic.sh at 100 % makes the canary stable', async () => {
    await script('route-traffic.sh', 'checkout', '50', '2.6.1');
    const full = await script('route-traffic.sh', 'checkout', '100', '2.6.1');
    expect(full.stdout).toContain('the canary is now stable');
    expect(state()).toMatchObject({ live: 'blue', canary: null, versions: { blue: '2.6.1' } });
  });

  it('document-incident.sh records a note with the switch', async () => {
    const noted = await script(
      'document-incident.sh',
      'checkout',
      'rolled back 2.5.4 to 2.5.3 (DEP-2026-0001)',
    );
    expect(noted.stdout).toContain('recorded for checkout (note 1)');
    expect(state()?.notes).toEqual(['rolled back 2.5.4 to 2.5.3 (DEP-2026-0001)']);
  });

  it('exits 2 for usage mistakes, unknown services and a missing or unreachable switch', async () => {
    expect((await script('switch-traffic.sh', 'checkout', 'red')).code).toBe(2);
    expect((await script('health-check.sh', 'payments')).code).toBe(2);
    const unset = await exec(resolve('scripts/health-check.sh'), ['checkout'], {
      env: { PATH: process.env.PATH ?? '' },
    }).catch((e: { code: number; stderr: string }) => e);
    expect(unset).toMatchObject({ code: 2, stderr: expect.stringContaining('DEMO_SWITCH_URL is not set') });
  });
});
