import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/clock.js';
import { TimerService } from '../../../src/scheduler/timer-service.js';
import { TimerRepository } from '../../../src/store/timer-repository.js';
import { createTempDb, deferred, type TempDb } from './temp-db.js';

const LEASE_MS = 30_000;

/**
 * `onLeaseLost`: a run whose record the fencing token refused is reported (a replica that stalled past its lease
 * learns it), and a record that only found its own earlier write is not.
 */
describe('TimerService: runs whose claim no longer held', () => {
  let temp: TempDb;
  let clock: FakeClock;
  let timers: TimerService;
  let repo: TimerRepository;
  let lost: number[];

  beforeEach(() => {
    temp = createTempDb();
    clock = new FakeClock('2026-11-24T10:00:00Z');
    lost = [];
    timers = new TimerService(temp.runner, clock, {
      owner: 'a',
      leaseMs: LEASE_MS,
      onLeaseLost: (timer) => lost.push(timer.id),
    });
    repo = new TimerRepository(temp.runner);
  });
  afterEach(async () => {
    await timers.stop();
    temp.cleanup();
  });

  it('reports a success and a failure whose claims another scheduler took meanwhile, and records neither', async () => {
    const stuck = deferred();
    const started = deferred();
    let running = 0;
    timers.on('incident.clock', async (timer) => {
      if (++running === 2) started.resolve();
      await stuck.promise;
      if (timer.payload.fail) throw new Error('late failure');
    });
    const ok = await timers.arm('incident.clock', 'INC-2026-0001', clock.now());
    const failing = await timers.arm('incident.clock', 'INC-2026-0002', clock.now(), { fail: true });
    const tick = timers.tick();
    await started.promise;
    const later = new Date(clock.now().getTime() + LEASE_MS + 1);
    for (const id of [ok, failing])
      expect(await repo.claim(id, 'b', later, new Date(later.getTime() + LEASE_MS))).toBe(2);
    clock.advance(LEASE_MS + 1);
    stuck.resolve();

    expect(await tick).toBe(1);
    await timers.pending();
    expect(lost.sort((x, y) => x - y)).toEqual([ok, failing]);
    for (const id of [ok, failing])
      expect(await repo.get(id)).toMatchObject({ claimedBy: 'b', leaseToken: 2, firedAt: null, attempts: 0 });
  });

  it('reports nothing for successes a reader wrote before the scheduler did', async () => {
    timers.on('sync.step', async () => {
      await timers.pending();
    });
    timers.on('slack.call', () => undefined);
    await timers.arm('slack.call', 'DEP-2026-0001', clock.now());
    await timers.arm('sync.step', 'DEP-2026-0001', clock.now());
    expect(await timers.tick()).toBe(2);
    expect(lost).toEqual([]);
    expect(await timers.pending()).toEqual([]);
  });
});
