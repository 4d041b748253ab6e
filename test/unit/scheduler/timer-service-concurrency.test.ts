import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/clock.js';
import { type TimerRecord, TimerService } from '../../../src/scheduler/timer-service.js';
import { fakeTimerFunctions } from './fake-timer-functions.js';
import { createTempDb, deferred, type TempDb } from './temp-db.js';

/** Handlers that each wait until the test lets them finish, recording who ran when. */
function heldHandlers() {
  const running = new Map<number, () => void>();
  const log: string[] = [];
  let maxAtOnce = 0;
  const handler = async (t: TimerRecord) => {
    log.push(`start ${t.subject}/${t.payload.n}`);
    const gate = deferred();
    running.set(t.id, gate.resolve);
    maxAtOnce = Math.max(maxAtOnce, running.size);
    await gate.promise;
    running.delete(t.id);
    log.push(`end ${t.subject}/${t.payload.n}`);
  };
  const release = async () => {
    for (const resolve of [...running.values()]) resolve();
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  };
  return { running, log, handler, release, maxAtOnce: () => maxAtOnce };
}

const settleLoop = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

describe('TimerService running timers concurrently', () => {
  let temp: TempDb;
  let clock: FakeClock;
  let timers: TimerService;

  beforeEach(() => {
    temp = createTempDb();
    clock = new FakeClock('2026-11-24T10:00:00Z');
  });

  afterEach(async () => {
    await timers.stop();
    temp.cleanup();
  });

  it('runs different subjects at once up to the per-kind limit, one subject strictly in due order', async () => {
    timers = new TimerService(temp.runner, clock, { maxRunningPerKind: 3 });
    const held = heldHandlers();
    timers.on('slack.sync', held.handler);
    const base = clock.now().getTime();
    for (const [i, subject] of ['A', 'B', 'A', 'C', 'D', 'A'].entries()) {
      await timers.arm('slack.sync', subject, new Date(base - 100 + i), { n: i });
    }

    const tick = timers.tick();
    await settleLoop();
    expect(held.log).toEqual(['start A/0', 'start B/1', 'start C/3']);
    expect(timers.health().handlersRunning).toBe(3);

    await held.release();
    await held.release();
    await held.release();
    expect(await tick).toBe(6);
    expect(held.maxAtOnce()).toBe(3);
    const ofA = held.log.filter((l) => l.includes(' A/'));
    expect(ofA).toEqual(['start A/0', 'end A/0', 'start A/2', 'end A/2', 'start A/5', 'end A/5']);
    expect(await timers.pending()).toEqual([]);
  });

  it('keeps every kind within the overall limit', async () => {
    timers = new TimerService(temp.runner, clock, { maxRunningPerKind: 3, maxRunning: 4 });
    const held = heldHandlers();
    timers.on('slack.sync', held.handler);
    timers.on('incident.setup', held.handler);
    const base = clock.now().getTime();
    for (let i = 0; i < 4; i++) await timers.arm('slack.sync', `S${i}`, new Date(base - 10 + i), { n: i });
    for (let i = 0; i < 4; i++) await timers.arm('incident.setup', `I${i}`, new Date(base - 5 + i), { n: i });

    const tick = timers.tick();
    await settleLoop();
    expect(held.log).toEqual(['start S0/0', 'start S1/1', 'start S2/2', 'start I0/0']);
    while (held.running.size > 0) await held.release();
    expect(await tick).toBe(8);
    expect(held.maxAtOnce()).toBe(4);
  });

  it('runs a timer armed for another subject at once while a handler is stalled, within the same tick', async () => {
    timers = new TimerService(temp.runner, clock);
    const stalled = deferred();
    const ran: string[] = [];
    timers.on('slack.sync', async (t) => {
      ran.push(t.subject);
      await stalled.promise;
    });
    timers.on('incident.setup', (t) => {
      ran.push(t.subject);
    });
    await timers.arm('slack.sync', 'INC-2026-0001', clock.now());
    const tick = timers.tick();
    await settleLoop();

    await timers.arm('incident.setup', 'INC-2026-0002', clock.now());
    await timers.arm('slack.sync', 'INC-2026-0001', clock.now());
    await settleLoop();
    expect(ran).toEqual(['INC-2026-0001', 'INC-2026-0002']);

    stalled.resolve();
    expect(await tick).toBe(3);
    expect(ran).toEqual(['INC-2026-0001', 'INC-2026-0002', 'INC-2026-0001']);
  });

  it('wakes for a clock coming due while another subject’s handler is stalled', async () => {
    const wake = fakeTimerFunctions();
    timers = new TimerService(temp.runner, clock, { timerFunctions: wake.functions });
    const stalled = deferred();
    const ran: string[] = [];
    timers.on('slack.sync', async () => {
      await stalled.promise;
    });
    timers.on('incident.clock', (t) => {
      ran.push(t.subject);
    });
    await timers.arm('slack.sync', 'INC-2026-0001', clock.now());
    await timers.arm('incident.clock', 'INC-2026-0002', new Date(clock.now().getTime() + 30_000));
    timers.start();
    await settleLoop();
    expect(timers.health().handlersRunning).toBe(1);
    expect(wake.waiting()).toEqual([30_000]);

    clock.advance(30_000);
    wake.fire();
    await settleLoop();
    expect(ran).toEqual(['INC-2026-0002']);
    stalled.resolve();
  });

  it('lets stop() wait for running handlers before it resolves', async () => {
    timers = new TimerService(temp.runner, clock);
    const held = heldHandlers();
    timers.on('slack.sync', held.handler);
    await timers.arm('slack.sync', 'A', clock.now(), { n: 1 });
    await timers.arm('slack.sync', 'B', clock.now(), { n: 2 });
    timers.start();
    await settleLoop();
    expect(held.running.size).toBe(2);

    let stopped = false;
    const stopping = timers.stop().then(() => {
      stopped = true;
    });
    await settleLoop();
    expect(stopped).toBe(false);
    await held.release();
    await stopping;
    expect(held.log.filter((l) => l.startsWith('end'))).toHaveLength(2);
    expect(await timers.pending()).toEqual([]);
  });
});
