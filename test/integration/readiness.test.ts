import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock, systemClock } from '../../src/clock.js';
import type { Shipgate } from '../../src/shipgate.js';
import { metricLine } from '../support/metric-line.js';
import { startTestShipgate } from '../support/test-shipgate.js';
import { deferred } from '../unit/scheduler/temp-db.js';

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
    await shipgate.timers.arm('test.ping', 'readiness', new Date());
    await shipgate.timers.tick();
    expect(fired).toBe(1);
    const res = await fetch(`${shipgate.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await (await fetch(`${shipgate.url}/metrics`)).text()).toMatch(
      metricLine('shipgate_timers_fired_total', { kind: 'test.ping' }, 1),
    );
  });

  it('stays ready while a handler is slow, and names the running and waiting timers in the detail', async () => {
    const clock = new FakeClock();
    const slow = await startTestShipgate({ clock, startScheduler: true });
    const stalled = deferred();
    try {
      await slow.timers.tick();
      slow.timers.on('test.slow', () => stalled.promise);
      await slow.timers.arm('test.slow', 'INC-2026-0001', clock.now());
      await slow.timers.arm('test.slow', 'INC-2026-0001', clock.now());
      void slow.timers.tick();
      clock.advance(40_000);

      const res = await fetch(`${slow.url}/readyz`);
      const body = (await res.json()) as { checks: Record<string, { ok: boolean; detail?: string }> };
      expect(res.status).toBe(200);
      expect(body.checks.scheduler).toEqual({
        ok: true,
        detail: '1 timer running; 1 due and waiting, the oldest due 40 s ago',
      });
      const metrics = await (await fetch(`${slow.url}/metrics`)).text();
      expect(metrics).toMatch(metricLine('shipgate_timers_running', {}, 1));
      expect(metrics).toMatch(metricLine('shipgate_timers_due', {}, 1));
    } finally {
      stalled.resolve();
      await slow.stop();
    }
  });

  it('reports not ready, naming the scheduler, once the scheduler has stopped', async () => {
    await shipgate.timers.stop();
    const res = await fetch(`${shipgate.url}/readyz`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { checks: { scheduler: { ok: boolean; detail: string } } };
    expect(body.checks.scheduler).toEqual({ ok: false, detail: 'scheduler not running' });
  });
});

describe('a named replica', () => {
  it('says its name in /readyz and labels every /metrics series with it; an unnamed SQLite process does neither, an unnamed PostgreSQL one uses the host name', async () => {
    const named = await startTestShipgate({ replicaId: 'shipgate-b' });
    try {
      const ready = (await (await fetch(`${named.url}/readyz`)).json()) as { replica?: string };
      expect(ready.replica).toBe('shipgate-b');
      const series = (await (await fetch(`${named.url}/metrics`)).text())
        .split('\n')
        .filter((line) => line.startsWith('shipgate_'));
      expect(series.length).toBeGreaterThan(10);
      for (const line of series) expect(line).toMatch(/[{,]replica="shipgate-b"[,}]/);
    } finally {
      await named.stop();
    }
    const ready = (await (await fetch(`${shipgate.url}/readyz`)).json()) as { replica?: string };
    const metrics = await (await fetch(`${shipgate.url}/metrics`)).text();
    if (shipgate.store.dialect === 'sqlite') {
      expect(ready.replica).toBeUndefined();
      expect(metrics).not.toContain('replica=');
    } else {
      expect(ready.replica).toBe(hostname());
      expect(metrics).toContain(`shipgate_timers_running{replica="${hostname()}"} `);
    }
  });
});
