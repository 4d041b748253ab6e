import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/clock.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { createLogger } from '../../../src/logger.js';
import { runtimeEnvSchema } from '../../../src/runtime-env.js';
import { type Sandbox, startSandbox } from '../../../src/start-sandbox.js';

const env = runtimeEnvSchema.parse({ PORT: '0', SHIPGATE_SANDBOX_PORT: '0', SHIPGATE_CONSOLE_PORT: '0' });
const clock = new FakeClock('2026-11-24T10:00:00Z');

describe('the sandbox’s past', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shipgate-sandbox-history-'));
  let sandbox: Sandbox | undefined;
  const start = () =>
    startSandbox(env, loadConfig('config/shipgate.example.yml'), createLogger({ level: 'silent' }), {
      clock,
      startScheduler: false,
      httpJsonOnly: true,
      filesEnv: { SHIPGATE_SANDBOX_DB: join(dir, 'sandbox.db') },
      print: () => undefined,
    });
  afterEach(async () => {
    await sandbox?.stop();
    sandbox = undefined;
  });

  it('starts an empty database with checkout 2.5.3 and payments 1.4.0 running on blue, recorded by Shipgate', async () => {
    sandbox = await start();
    const { runtime } = sandbox.shipgate;
    expect(await runtime.deploys.current('checkout', 'production')).toEqual({
      version: '2.5.3',
      color: 'blue',
    });
    expect(await runtime.deploys.current('payments', 'production')).toEqual({
      version: '1.4.0',
      color: 'blue',
    });
    const checkout = await runtime.deploys.recent(5, 'checkout');
    expect(checkout).toHaveLength(1);
    expect(checkout[0]).toMatchObject({
      state: 'succeeded',
      requester: 'shipgate',
      steps: [],
      requiredRoles: [],
    });
    const events = await runtime.events.forSubject(checkout[0]?.id ?? '');
    expect(events.map((e) => [e.type, e.actor, e.actorKind])).toEqual([
      ['deploy.record_running', 'shipgate', 'shipgate'],
    ]);
    expect(sandbox.demo.state().find((s) => s.service === 'checkout')).toMatchObject({
      live: 'blue',
      weights: { blue: 100, green: 0 },
      versions: { blue: '2.5.3', green: null },
    });

    // What happened next in this sandbox: 2.5.4 went live on green (as a finished deploy would leave it).
    const at = clock.now();
    await runtime.deploys.insert({
      ...(checkout[0] as NonNullable<(typeof checkout)[0]>),
      id: await runtime.deploys.nextId(2026),
      version: '2.5.4',
      previousVersion: '2.5.3',
      bump: 'patch',
      targetColor: 'green',
      requester: 'U0ALICE',
      createdAt: at,
      updatedAt: at,
      finishedAt: new Date(at.getTime() + 1000),
    });
  }, 30_000);

  it('after a restart records nothing again and puts the demo switch where the database says traffic is', async () => {
    sandbox = await start();
    const { runtime } = sandbox.shipgate;
    expect((await runtime.deploys.recent(5, 'checkout')).map((d) => d.version)).toEqual(['2.5.4', '2.5.3']);
    expect(sandbox.demo.state().find((s) => s.service === 'checkout')).toMatchObject({
      live: 'green',
      weights: { blue: 0, green: 100 },
      versions: { green: '2.5.4' },
    });
  }, 30_000);
});
