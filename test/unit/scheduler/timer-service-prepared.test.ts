import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/clock.js';
import { TimerService } from '../../../src/scheduler/timer-service.js';
import { createTempDb, type TempDb } from './temp-db.js';

describe('TimerService statements', () => {
  let temp: TempDb;
  let timers: TimerService;

  beforeEach(() => {
    temp = createTempDb();
  });

  afterEach(async () => {
    await timers.stop();
    temp.cleanup();
  });

  it('are prepared before the first catch-up, so its batches of every size prepare nothing', async () => {
    const clock = new FakeClock('2026-11-24T10:00:00Z');
    timers = new TimerService(temp.runner, clock);
    const fired = new Set<number>();
    timers.on('reminder', (timer) => {
      fired.add(timer.payload.n as number);
    });
    for (let n = 0; n < 900; n++) await timers.arm('reminder', `subject-${n}`, clock.now(), { n });

    const preparedDuringTick: string[] = [];
    const prepare = temp.db.prepare.bind(temp.db);
    temp.db.prepare = ((source: string) => {
      preparedDuringTick.push(source);
      return prepare(source);
    }) as typeof temp.db.prepare;

    expect(await timers.tick()).toBe(900);
    expect(fired.size).toBe(900);
    expect(preparedDuringTick).toEqual([]);
    expect(await timers.pending()).toEqual([]);
  });
});
