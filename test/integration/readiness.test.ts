import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import type { Shipgate } from '../../src/shipgate.js';
import { startTestShipgate } from '../support/test-shipgate.js';

let shipgate: Shipgate;

beforeAll(async () => {
  shipgate = await startTestShipgate({ clock: systemClock, startScheduler: true });
});
afterAll(async () => {
  await shipgate.stop();
});

describe('/readyz with the real scheduler', () => {
  it('is ready while the scheduler runs, fires timers, and counts them in /metrics', async () => {
    let fired = 0;
    shipgate.timers.on('test.ping', () => {
      fired++;
    });
    shipgate.timers.arm('test.ping', 'readiness', new Date());
    await shipgate.timers.tick();
    expect(fired).toBe(1);
    const res = await fetch(`${shipgate.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await (await fetch(`${shipgate.url}/metrics`)).text()).toContain(
      'shipgate_timers_fired_total{kind="test.ping"} 1',
    );
  });

  it('reports not ready, naming the scheduler, once the scheduler has stopped', async () => {
    await shipgate.timers.stop();
    const res = await fetch(`${shipgate.url}/readyz`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { checks: { scheduler: { ok: boolean; detail: string } } };
    expect(body.checks.scheduler).toEqual({ ok: false, detail: 'scheduler not running' });
  });
});
