import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/clock.js';
import { type TimerRecord, TimerService } from '../../../src/scheduler/timer-service.js';
import { TimerRepository } from '../../../src/store/timer-repository.js';
import { createTempDb, type TempDb } from './temp-db.js';

const MINUTE = 60_000;

describe('TimerService per-kind retry policy', () => {
  let temp: TempDb;
  let clock: FakeClock;
  let repo: TimerRepository;
  let given: Array<{ kind: string; attempts: number }>;
  let timers: TimerService;

  beforeEach(() => {
    temp = createTempDb();
    clock = new FakeClock('2026-11-24T10:00:00Z');
    repo = new TimerRepository(temp.runner);
    given = [];
    timers = new TimerService(temp.runner, clock, {
      maxAttempts: 3,
      onError: (_err, t) => given.push({ kind: t.kind, attempts: t.attempts }),
    });
  });

  afterEach(() => temp.cleanup());

  /** Ticks, then moves the clock to the timer's next due time, `times` times. */
  async function runFailures(id: number, times: number): Promise<void> {
    for (let i = 0; i < times; i++) {
      await timers.tick();
      const row = await repo.get(id);
      if (!row || row.firedAt) return;
      clock.set(row.dueAt);
    }
  }

  it('gives up a kind after its own maxAttempts while other kinds keep the service default', async () => {
    timers.on('slack.call', () => Promise.reject(new Error('ratelimited')), { maxAttempts: 5 });
    timers.on('incident.page', () => Promise.reject(new Error('PagerDuty 503')));
    const call = await timers.arm('slack.call', 'INC-2026-0001', clock.now());
    const page = await timers.arm('incident.page', 'INC-2026-0002', clock.now());

    await runFailures(page, 3);
    expect(await repo.get(page)).toMatchObject({ attempts: 3 });
    expect((await repo.get(page))?.firedAt).not.toBeNull();
    expect((await repo.get(call))?.firedAt).toBeNull();
    await runFailures(call, 5);
    expect(await repo.get(call)).toMatchObject({ attempts: 5 });
    expect((await repo.get(call))?.firedAt).not.toBeNull();
    expect(given).toEqual([
      { kind: 'incident.page', attempts: 3 },
      { kind: 'slack.call', attempts: 5 },
    ]);
  });

  it('waits the kind’s own backoff between tries; other kinds keep 1 s doubling', async () => {
    timers.on('slack.sync', () => Promise.reject(new Error('down')), { backoffMs: (n) => n * 7000 });
    timers.on('slack.thread', () => Promise.reject(new Error('down')));
    const start = clock.now().getTime();
    const sync = await timers.arm('slack.sync', 'DEP-2026-0001', clock.now());
    const thread = await timers.arm('slack.thread', 'DEP-2026-0002', clock.now());

    await timers.tick();
    expect((await repo.get(sync))?.dueAt).toEqual(new Date(start + 7000));
    expect((await repo.get(thread))?.dueAt).toEqual(new Date(start + 1000));
    clock.set(start + 7000);
    await timers.tick();
    expect((await repo.get(sync))?.dueAt).toEqual(new Date(start + 7000 + 14_000));
  });

  it('keeps trying past maxAttempts while keepTrying says so, and gives up once it says no', async () => {
    const asked: Array<{ attempts: number; err: string }> = [];
    timers.on('slack.call', () => Promise.reject(new Error(`fail ${asked.length + 1}`)), {
      maxAttempts: 1,
      keepTrying: (timer: TimerRecord, err: unknown) => {
        asked.push({ attempts: timer.attempts, err: (err as Error).message });
        return timer.attempts < 6;
      },
    });
    const id = await timers.arm('slack.call', 'INC-2026-0001', clock.now());

    await runFailures(id, 10);
    expect(asked).toEqual([1, 2, 3, 4, 5, 6].map((n) => ({ attempts: n, err: `fail ${n}` })));
    expect(await repo.get(id)).toMatchObject({ attempts: 6, lastError: 'Error: fail 6' });
    expect((await repo.get(id))?.firedAt).not.toBeNull();
    expect(given).toEqual([{ kind: 'slack.call', attempts: 6 }]);
  });

  it('fires a kept-trying timer once the call succeeds, without reporting an error', async () => {
    let calls = 0;
    timers.on(
      'slack.call',
      async () => {
        calls++;
        if (calls <= 12) throw new Error('Slack 500');
      },
      { keepTrying: () => true },
    );
    const id = await timers.arm('slack.call', 'INC-2026-0001', clock.now());

    await runFailures(id, 20);
    expect(calls).toBe(13);
    expect(await repo.get(id)).toMatchObject({ attempts: 12 });
    expect((await repo.get(id))?.firedAt).toEqual(clock.now());
    expect(given).toEqual([]);
  });

  it('caps the backoff of a kept-trying timer at 5 minutes and still honours a longer Retry-After', async () => {
    let retryAfter = 0;
    timers.on('slack.call', () => Promise.reject(Object.assign(new Error('ratelimited'), { retryAfter })), {
      backoffMs: () => 60 * MINUTE,
      keepTrying: () => true,
    });
    const id = await timers.arm('slack.call', 'INC-2026-0001', clock.now());

    await timers.tick();
    expect((await repo.get(id))?.dueAt).toEqual(new Date(clock.now().getTime() + 5 * MINUTE));
    clock.advance(5 * MINUTE);
    retryAfter = 600;
    await timers.tick();
    expect((await repo.get(id))?.dueAt).toEqual(new Date(clock.now().getTime() + 10 * MINUTE));
  });

  it('falls back to maxAttempts when keepTrying throws, and reports the throw', async () => {
    const tickErrors: unknown[] = [];
    const service = new TimerService(temp.runner, clock, { onTickError: (err) => tickErrors.push(err) });
    service.on('slack.call', () => Promise.reject(new Error('down')), {
      maxAttempts: 1,
      keepTrying: () => {
        throw new Error('predicate bug');
      },
    });
    const id = await service.arm('slack.call', 'INC-2026-0001', clock.now());

    await service.tick();
    expect(await repo.get(id)).toMatchObject({ attempts: 1, lastError: 'Error: down' });
    expect((await repo.get(id))?.firedAt).not.toBeNull();
    expect(tickErrors).toEqual([new Error('predicate bug')]);
  });
});
