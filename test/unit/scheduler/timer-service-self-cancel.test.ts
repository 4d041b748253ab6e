import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/clock.js';
import { TimerService } from '../../../src/scheduler/timer-service.js';
import { TimerRepository } from '../../../src/store/timer-repository.js';
import { createTempDb, type TempDb } from './temp-db.js';

const MINUTE = 60_000;

/**
 * A handler that re-plans its subject's timers (an incident's clocks, a watch's samples) may cancel every pending
 * timer of the subject, its own among them: the one running is firing, so it is recorded fired, not cancelled.
 */
describe('TimerService: a handler cancelling its own timer', () => {
  let temp: TempDb;
  let clock: FakeClock;
  let timers: TimerService;
  let repo: TimerRepository;

  beforeEach(() => {
    temp = createTempDb();
    clock = new FakeClock('2026-11-24T10:00:00Z');
    timers = new TimerService(temp.runner, clock);
    repo = new TimerRepository(temp.runner);
  });
  afterEach(async () => {
    await timers.stop();
    temp.cleanup();
  });

  it('records the timer fired when its handler cancels it by id, and still cancels the others', async () => {
    const cancelled: boolean[] = [];
    let other = 0;
    timers.on('incident.clock', async (timer) => {
      cancelled.push(await timers.cancel(timer.id));
      cancelled.push(await timers.cancel(other));
    });
    const id = await timers.arm('incident.clock', 'INC-2026-0001', clock.now());
    other = await timers.arm('incident.clock', 'INC-2026-0001', new Date(clock.now().getTime() + MINUTE));

    expect(await timers.tick()).toBe(1);
    expect(cancelled).toEqual([false, true]);
    expect(await repo.get(id)).toMatchObject({ firedAt: clock.now(), cancelledAt: null });
    expect(await repo.get(other)).toMatchObject({ firedAt: null, cancelledAt: clock.now() });
  });

  it('records the timer fired when its handler cancels every timer of its subject, and cancels the rest', async () => {
    const counts: number[] = [];
    timers.on('watch.sample', async (timer) => {
      counts.push(await timers.cancelFor(timer.subject, 'watch.sample'));
    });
    const id = await timers.arm('watch.sample', 'watch:DEP-2026-0001', clock.now());
    const later = await timers.arm(
      'watch.sample',
      'watch:DEP-2026-0001',
      new Date(clock.now().getTime() + MINUTE),
    );
    const elsewhere = await timers.arm(
      'watch.sample',
      'watch:DEP-2026-0002',
      new Date(clock.now().getTime() + MINUTE),
    );

    expect(await timers.tick()).toBe(1);
    expect(counts).toEqual([1]);
    expect(await repo.get(id)).toMatchObject({ cancelledAt: null, firedAt: clock.now() });
    expect((await repo.get(later))?.cancelledAt).toEqual(clock.now());
    expect((await repo.get(elsewhere))?.cancelledAt).toBeNull();
    clock.advance(MINUTE);
    expect(await timers.tick()).toBe(1);
  });

  it('still cancels a timer of the subject no handler runs yet', async () => {
    timers.on('watch.sample', () => undefined);
    const id = await timers.arm('watch.sample', 'watch:DEP-2026-0001', clock.now());
    expect(await timers.cancelFor('watch:DEP-2026-0001')).toBe(1);
    expect(await timers.tick()).toBe(0);
    expect((await repo.get(id))?.cancelledAt).toEqual(clock.now());
  });
});
