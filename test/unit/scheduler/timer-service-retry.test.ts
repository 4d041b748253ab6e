import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/clock.js';
import { defaultBackoffMs, type TimerRecord, TimerService } from '../../../src/scheduler/timer-service.js';
import { TimerRepository } from '../../../src/store/timer-repository.js';
import { createTempDb, type TempDb } from './temp-db.js';

describe('TimerService retries', () => {
  let temp: TempDb;
  let clock: FakeClock;
  let repo: TimerRepository;

  beforeEach(() => {
    temp = createTempDb();
    clock = new FakeClock('2026-11-24T10:00:00Z');
    repo = new TimerRepository(temp.runner);
  });

  afterEach(() => temp.cleanup());

  it('backs off exponentially from 1 s and caps the delay at 5 minutes', () => {
    expect([1, 2, 3, 4, 5].map(defaultBackoffMs)).toEqual([1000, 2000, 4000, 8000, 16_000]);
    expect(defaultBackoffMs(9)).toBe(256_000);
    expect(defaultBackoffMs(10)).toBe(300_000);
    expect(defaultBackoffMs(30)).toBe(300_000);
  });

  it('retries a failing handler after each backoff, then gives up, keeps the error and reports it once', async () => {
    const reported: Array<{ err: unknown; timer: TimerRecord }> = [];
    const timers = new TimerService(temp.runner, clock, {
      maxAttempts: 3,
      onError: (err, timer) => reported.push({ err, timer }),
    });
    const seen: number[] = [];
    timers.on('update.reminder', (t) => {
      seen.push(t.attempts);
      throw new Error(`PagerDuty 503 #${t.attempts + 1}`);
    });
    const start = clock.now().getTime();
    const id = await timers.arm('update.reminder', 'INC-2026-0001', clock.now(), { every: '30m' });

    expect(await timers.tick()).toBe(0);
    let row = await repo.get(id);
    expect(row?.attempts).toBe(1);
    expect(row?.lastError).toBe('Error: PagerDuty 503 #1');
    expect(row?.dueAt).toEqual(new Date(start + 1000));
    expect(row?.claimedBy).toBeNull();

    clock.advance(999);
    await timers.tick();
    expect(seen).toEqual([0]);

    clock.advance(1);
    await timers.tick();
    expect(seen).toEqual([0, 1]);
    expect((await repo.get(id))?.dueAt).toEqual(new Date(start + 1000 + 2000));

    clock.advance(2000);
    await timers.tick();
    expect(seen).toEqual([0, 1, 2]);
    row = await repo.get(id);
    expect(row?.firedAt).toEqual(clock.now());
    expect(row?.attempts).toBe(3);
    expect(row?.lastError).toBe('Error: PagerDuty 503 #3');
    expect(reported).toHaveLength(1);
    expect(reported[0]?.err).toEqual(new Error('PagerDuty 503 #3'));
    expect(reported[0]?.timer).toMatchObject({ id, attempts: 3, payload: { every: '30m' } });

    clock.advance(60 * 60_000);
    await timers.tick();
    expect(seen).toHaveLength(3);
    expect(await timers.pending()).toEqual([]);
  });

  it('uses a custom backoff and fires on a later attempt without reporting an error', async () => {
    const reported: unknown[] = [];
    const timers = new TimerService(temp.runner, clock, {
      backoffMs: (attempt) => attempt * 10_000,
      onError: (err) => reported.push(err),
    });
    let calls = 0;
    timers.on('watch.window', async () => {
      calls++;
      if (calls < 3) throw new Error('metrics unavailable');
    });
    const id = await timers.arm('watch.window', 'deploy:9', clock.now());

    await timers.tick();
    clock.advance(10_000);
    await timers.tick();
    expect((await repo.get(id))?.dueAt).toEqual(new Date(clock.now().getTime() + 20_000));
    clock.advance(20_000);
    expect(await timers.tick()).toBe(1);

    const row = await repo.get(id);
    expect(calls).toBe(3);
    expect(row?.firedAt).toEqual(clock.now());
    expect(row?.attempts).toBe(2);
    expect(reported).toEqual([]);
  });

  it('waits at least as long as a Retry-After the handler reports', async () => {
    const timers = new TimerService(temp.runner, clock);
    timers.on('slack.call', () => {
      throw Object.assign(new Error('ratelimited'), { retryAfter: 30 });
    });
    const id = await timers.arm('slack.call', 'C0DEPLOYS', clock.now());
    await timers.tick();
    expect((await repo.get(id))?.dueAt).toEqual(new Date(clock.now().getTime() + 30_000));
  });
});
