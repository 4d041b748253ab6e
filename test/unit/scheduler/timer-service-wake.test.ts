import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/clock.js';
import { type TimerRecord, TimerService } from '../../../src/scheduler/timer-service.js';
import { gateOf } from '../../../src/store/connection-gate.js';
import { type FakeTimerFunctions, fakeTimerFunctions } from './fake-timer-functions.js';
import { createTempDb, deferred, type TempDb } from './temp-db.js';

const MINUTE = 60_000;
/** Lets the scheduler's asynchronous work (all of it microtasks on SQLite) run to its end. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('TimerService wake-up', () => {
  let temp: TempDb;
  let clock: FakeClock;
  let fake: FakeTimerFunctions;
  let timers: TimerService;
  let fired: string[];

  beforeEach(() => {
    temp = createTempDb();
    clock = new FakeClock('2026-11-24T10:00:00Z');
    fake = fakeTimerFunctions();
    timers = new TimerService(temp.runner, clock, { timerFunctions: fake.functions });
    fired = [];
    timers.on('review.due', (t: TimerRecord) => {
      fired.push(t.subject);
    });
  });

  afterEach(async () => {
    await timers.stop();
    temp.cleanup();
  });

  const at = (ms: number) => new Date(clock.now().getTime() + ms);
  /** Starts the scheduler and waits for its first tick, after which the wake-up is set. */
  const start = async () => {
    timers.start();
    await timers.tick();
    await settle();
  };

  it('sleeps until the soonest pending timer and moves the wake-up when a sooner one is armed', async () => {
    await timers.arm('review.due', 'later', at(30 * MINUTE));
    await start();
    expect(fake.waiting()).toEqual([30 * MINUTE]);

    await timers.arm('review.due', 'sooner', at(5 * MINUTE));
    expect(fake.waiting()).toEqual([5 * MINUTE]);
    const set = fake.all.length;
    await timers.arm('review.due', 'latest', at(60 * MINUTE));
    expect(fake.all).toHaveLength(set);
    expect(fake.waiting()).toEqual([5 * MINUTE]);
  });

  it('fires the timer when the wake-up comes, then sleeps until the next one', async () => {
    await timers.arm('review.due', 'first', at(5 * MINUTE));
    await timers.arm('review.due', 'second', at(20 * MINUTE));
    await start();

    clock.advance(5 * MINUTE);
    fake.fire();
    await settle();
    expect(fired).toEqual(['first']);
    await timers.tick();
    await settle();
    expect(timers.lastTickAt).toEqual(clock.now());
    expect(fake.waiting()).toEqual([15 * MINUTE]);
  });

  it('looks again after a cancel, once the transaction it ran in is over', async () => {
    const soon = await timers.arm('review.due', 'soon', at(5 * MINUTE));
    await timers.arm('review.due', 'later', at(30 * MINUTE));
    await start();

    await expect(
      gateOf(temp.db).transaction(async () => {
        await timers.cancel(soon);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await settle();
    expect(fake.waiting()).toEqual([5 * MINUTE]);

    await timers.cancel(soon);
    await settle();
    expect(fake.waiting()).toEqual([30 * MINUTE]);
    await timers.cancelFor('later');
    await settle();
    expect(fake.waiting()).toEqual([]);
  });

  it('ignores timers of kinds without a handler until one is registered', async () => {
    await timers.arm('severity.clock', 'INC-2026-0001', at(MINUTE));
    await start();
    expect(fake.waiting()).toEqual([]);

    timers.on('severity.clock', () => {});
    await settle();
    expect(fake.waiting()).toEqual([MINUTE]);
  });

  it('clamps a delay longer than setTimeout takes and sets it again when it fires early', async () => {
    const thirtyDays = 30 * 24 * 60 * MINUTE;
    await timers.arm('review.due', 'far', at(thirtyDays));
    await start();
    expect(fake.waiting()).toEqual([2 ** 31 - 1]);

    clock.advance(2 ** 31 - 1);
    fake.fire();
    await timers.tick();
    await settle();
    expect(fired).toEqual([]);
    expect(fake.waiting()).toEqual([thirtyDays - (2 ** 31 - 1)]);
  });

  it('lets timers due close together share one tick (at most one wake-up every 25 ms)', async () => {
    await timers.arm('review.due', 'a', at(0));
    await timers.arm('review.due', 'b', at(1));
    await start();
    expect(fired).toEqual(['a']);
    expect(fake.waiting()).toEqual([25]);
  });

  it('does not wake for a timer another scheduler holds', async () => {
    const other = new TimerService(temp.openRunner(), clock, { owner: 'other' });
    const stuck = deferred();
    const holds = deferred();
    other.on('review.due', () => {
      holds.resolve();
      return stuck.promise;
    });
    await timers.arm('review.due', 'held', at(0));
    const holding = other.tick();
    await holds.promise;
    await timers.arm('review.due', 'next', at(MINUTE));

    await start();
    expect(fired).toEqual([]);
    expect(fake.waiting()).toEqual([MINUTE]);
    stuck.resolve();
    expect(await holding).toBe(1);
  });

  it('looks at a timer it could not run again a second later instead of spinning', async () => {
    const flaky = new TimerService(temp.runner, clock, {
      timerFunctions: fake.functions,
      backoffMs: () => 0,
    });
    flaky.on('flaky', () => {
      throw new Error('not yet');
    });
    await flaky.arm('flaky', 'INC-2026-0001', at(0));
    flaky.start();
    await new Promise((r) => setImmediate(r));
    expect(await flaky.pending()).toMatchObject([{ subject: 'INC-2026-0001', attempts: 1 }]);
    expect(fake.waiting()).toEqual([1000]);
    await flaky.stop();
  });

  it('never sets a timeout when driven by hand, nor after stop()', async () => {
    await timers.arm('review.due', 'a', at(MINUTE));
    await timers.cancelFor('a');
    await timers.arm('review.due', 'b', at(0));
    expect(await timers.tick()).toBe(1);
    expect(fake.all).toEqual([]);

    await timers.arm('review.due', 'c', at(MINUTE));
    await start();
    expect(fake.waiting()).toEqual([MINUTE]);
    await timers.stop();
    expect(fake.waiting()).toEqual([]);
    await timers.arm('review.due', 'd', at(0));
    await timers.tick();
    expect(fake.waiting()).toEqual([]);
  });
});
