import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/clock.js';
import { TimerService } from '../../../src/scheduler/timer-service.js';
import { createTempDb, type TempDb } from './temp-db.js';

describe('A TimerService catching up', () => {
  let temp: TempDb;
  let timers: TimerService;

  beforeEach(() => {
    temp = createTempDb();
  });

  afterEach(async () => {
    await timers.stop();
    temp.cleanup();
  });

  it('prepares no statement: those of every batch and list size were prepared when it was made', async () => {
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

  it('writes its successes once the claims stop, not between its batches', async () => {
    const clock = new FakeClock('2026-11-24T10:00:00Z');
    timers = new TimerService(temp.runner, clock);
    const reader = temp.open().prepare('SELECT count(*) AS n FROM timers WHERE fired_at IS NOT NULL');
    const firedInStore: number[] = [];
    timers.on('reminder', () => {
      firedInStore.push((reader.get() as { n: number }).n);
    });
    for (let n = 0; n < 900; n++) await timers.arm('reminder', `subject-${n}`, clock.now(), { n });

    expect(await timers.tick()).toBe(900);
    expect(firedInStore).toHaveLength(900);
    expect(Math.max(...firedInStore)).toBe(0);
    expect(reader.get()).toEqual({ n: 900 });
  });
});
