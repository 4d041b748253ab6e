import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/clock.js';
import { type TimerRecord, TimerService } from '../../../src/scheduler/timer-service.js';
import { gateOf } from '../../../src/store/connection-gate.js';
import { TimerRepository } from '../../../src/store/timer-repository.js';
import { createTempDb, deferred, type TempDb } from './temp-db.js';

const MINUTE = 60_000;

describe('TimerService', () => {
  let temp: TempDb;
  let clock: FakeClock;
  let timers: TimerService;
  let fired: TimerRecord[];

  beforeEach(() => {
    temp = createTempDb();
    clock = new FakeClock('2026-11-24T10:00:00Z');
    timers = new TimerService(temp.runner, clock);
    fired = [];
  });

  afterEach(async () => {
    await timers.stop();
    temp.cleanup();
  });

  const record = (timer: TimerRecord) => {
    fired.push(timer);
  };

  it('arms a pending timer with its payload and cancels it once', async () => {
    const due = new Date(clock.now().getTime() + 30 * MINUTE);
    const id = await timers.arm('approval.timeout', 'approval:7', due, { approvalId: 7 });

    expect(await timers.pending()).toEqual([
      {
        id,
        kind: 'approval.timeout',
        subject: 'approval:7',
        dueAt: due,
        payload: { approvalId: 7 },
        attempts: 0,
        createdAt: clock.now(),
      },
    ]);
    expect(await timers.cancel(id)).toBe(true);
    expect(await timers.cancel(id)).toBe(false);
    expect(await timers.pending()).toEqual([]);
    expect((await new TimerRepository(temp.runner).get(id))?.cancelledAt).toEqual(clock.now());
  });

  it('refuses to arm a timer with an invalid due date', async () => {
    await expect(timers.arm('review.due', 'INC-2026-0001', new Date('not a date'))).rejects.toThrow(
      RangeError,
    );
    expect(await timers.pending()).toEqual([]);
  });

  it('does not fire a timer before it is due, then fires it exactly once', async () => {
    timers.on('approval.timeout', record);
    const id = await timers.arm(
      'approval.timeout',
      'approval:1',
      new Date(clock.now().getTime() + 30 * MINUTE),
    );

    clock.advance(30 * MINUTE - 1);
    expect(await timers.tick()).toBe(0);
    expect(fired).toEqual([]);

    clock.advance(1);
    expect(await timers.tick()).toBe(1);
    clock.advance(MINUTE);
    expect(await timers.tick()).toBe(0);

    expect(fired.map((t) => t.id)).toEqual([id]);
    expect(await timers.pending()).toEqual([]);
    expect((await new TimerRepository(temp.runner).get(id))?.firedAt).toEqual(
      new Date(clock.now().getTime() - MINUTE),
    );
  });

  it('fires overdue timers at the first tick after start and leaves future ones pending', async () => {
    const base = clock.now().getTime();
    const overdueA = await timers.arm('severity.clock', 'INC-2026-0001', new Date(base - 10 * MINUTE));
    const overdueB = await timers.arm('severity.clock', 'INC-2026-0002', new Date(base - MINUTE));
    const future = await timers.arm('severity.clock', 'INC-2026-0003', new Date(base + MINUTE));
    timers.on('severity.clock', record);
    expect(timers.running).toBe(false);
    expect(timers.lastTickAt).toBeUndefined();

    timers.start();
    expect(timers.running).toBe(true);
    await new Promise((r) => setImmediate(r));

    expect(fired.map((t) => t.id)).toEqual([overdueA, overdueB]);
    expect((await timers.pending()).map((t) => t.id)).toEqual([future]);
    expect(timers.lastTickAt).toEqual(clock.now());
    await timers.stop();
    expect(timers.running).toBe(false);
  });

  it('wakes itself with a real setTimeout when the soonest timer comes due', async () => {
    const ran = deferred();
    timers.on('review.due', (t) => {
      record(t);
      ran.resolve();
    });
    const id = await timers.arm('review.due', 'INC-2026-0001', new Date(clock.now().getTime() + 20));
    timers.start();
    await timers.tick();
    expect(fired).toEqual([]);

    clock.advance(20);
    await ran.promise;
    expect(fired.map((t) => t.id)).toEqual([id]);
  });

  it('cancels every pending timer for a subject, or only those of one kind', async () => {
    const due = new Date(clock.now().getTime() + MINUTE);
    await timers.arm('update.reminder', 'INC-2026-0001', due);
    await timers.arm('severity.clock', 'INC-2026-0001', due);
    await timers.arm('review.due', 'INC-2026-0001', due);
    const other = await timers.arm('update.reminder', 'INC-2026-0002', due);

    expect(await timers.cancelFor('INC-2026-0001', 'update.reminder')).toBe(1);
    expect((await timers.pending('INC-2026-0001')).map((t) => t.kind)).toEqual([
      'severity.clock',
      'review.due',
    ]);
    expect(await timers.cancelFor('INC-2026-0001')).toBe(2);
    expect(await timers.pending('INC-2026-0001')).toEqual([]);
    expect((await timers.pending()).map((t) => t.id)).toEqual([other]);
  });

  it('leaves a timer whose kind has no handler pending and unclaimed until one is registered', async () => {
    timers.on('watch.window', record);
    const id = await timers.arm('review.due', 'INC-2026-0001', clock.now());

    expect(await timers.tick()).toBe(0);
    const row = await new TimerRepository(temp.runner).get(id);
    expect(row?.claimedBy).toBeNull();
    expect(row?.firedAt).toBeNull();
    expect((await timers.pending()).map((t) => t.id)).toEqual([id]);

    timers.on('review.due', record);
    expect(await timers.tick()).toBe(1);
    expect(fired.map((t) => t.id)).toEqual([id]);
  });

  it('refuses a second handler for the same kind', () => {
    timers.on('watch.window', record);
    expect(() => timers.on('watch.window', record)).toThrow(/already registered/);
  });

  it('runs one subject’s handlers one at a time in due order and keeps going past one that fails', async () => {
    const base = clock.now().getTime();
    const order: string[] = [];
    let active = 0;
    let maxActive = 0;
    timers.on('update.reminder', async (t) => {
      active++;
      maxActive = Math.max(maxActive, active);
      await new Promise((r) => setImmediate(r));
      active--;
      order.push(String(t.payload.step));
      if (t.payload.step === 'b') throw new Error('Slack is down');
    });
    await timers.arm('update.reminder', 'INC-2026-0001', new Date(base - 1000), { step: 'c' });
    await timers.arm('update.reminder', 'INC-2026-0001', new Date(base - 3000), { step: 'a' });
    await timers.arm('update.reminder', 'INC-2026-0001', new Date(base - 2000), { step: 'b' });

    expect(await timers.tick()).toBe(2);
    expect(order).toEqual(['a', 'b', 'c']);
    expect(maxActive).toBe(1);
    expect((await timers.pending()).map((t) => [t.payload.step, t.attempts])).toEqual([['b', 1]]);
  });

  it('does not overlap a slow tick: a tick requested meanwhile joins the running one', async () => {
    const held = deferred();
    const started = deferred();
    let calls = 0;
    timers.on('watch.window', () => {
      calls++;
      started.resolve();
      return held.promise;
    });
    await timers.arm('watch.window', 'deploy:1', clock.now());

    const first = timers.tick();
    const second = timers.tick();
    expect(second).toBe(first);
    await started.promise;
    expect(timers.tick()).toBe(first);
    held.resolve();
    expect(await first).toBe(1);
    expect(calls).toBe(1);
  });

  it('shows a timer fired to whoever reads timers after its synchronous handler, and writes it again after a rolled-back transaction', async () => {
    const repo = new TimerRepository(temp.runner);
    const seen: unknown[] = [];
    const ids: number[] = [];
    const reader = async () => {
      await expect(
        gateOf(temp.db).transaction(async () => {
          seen.push((await timers.pending()).map((p) => p.subject));
          seen.push((await repo.get(ids[1] ?? 0))?.firedAt);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      seen.push(await timers.cancel(ids[0] ?? 0));
    };
    timers.on('sync.step', (t) => (t.subject === 'third' ? reader() : undefined));
    const base = clock.now().getTime();
    for (const [i, subject] of ['first', 'second', 'third'].entries()) {
      ids.push(await timers.arm('sync.step', subject, new Date(base - 3 + i)));
    }

    expect(await timers.tick()).toBe(3);
    expect(seen).toEqual([['third'], clock.now(), false]);
    expect(await Promise.all(ids.map(async (id) => (await repo.get(id))?.firedAt))).toEqual([
      clock.now(),
      clock.now(),
      clock.now(),
    ]);
  });

  it('drops a timer armed inside a transaction that rolls back, keeps one that commits', async () => {
    const due = new Date(clock.now().getTime() + MINUTE);
    const failing = gateOf(temp.db).transaction(async () => {
      await timers.arm('approval.timeout', 'approval:1', due);
      throw new Error('approval insert failed');
    });
    await expect(failing).rejects.toThrow('approval insert failed');
    expect(await timers.pending()).toEqual([]);
    expect(temp.db.prepare('SELECT count(*) AS n FROM timers').get()).toEqual({ n: 0 });

    const id = await gateOf(temp.db).transaction(
      async () => await timers.arm('approval.timeout', 'approval:2', due),
    );
    expect((await timers.pending()).map((t) => t.id)).toEqual([id]);
  });

  it('keeps armed timers across a reopen of the database file', async () => {
    const id = await timers.arm('review.due', 'INC-2026-0009', new Date(clock.now().getTime() + MINUTE));
    temp.db.close();

    const reopened = new TimerService(temp.openRunner(), clock);
    reopened.on('review.due', record);
    expect((await reopened.pending()).map((t) => t.id)).toEqual([id]);
    clock.advance(MINUTE);
    expect(await reopened.tick()).toBe(1);
    expect(fired.map((t) => t.id)).toEqual([id]);
  });

  it('runs a timer armed by a handler in the same tick when someone asks for a tick meanwhile', async () => {
    const order: string[] = [];
    timers.on('first', async () => {
      order.push('first');
      await timers.arm('second', 'S', clock.now());
      void timers.tick();
    });
    timers.on('second', () => {
      order.push('second');
    });
    await timers.arm('first', 'S', clock.now());
    expect(await timers.tick()).toBe(2);
    expect(order).toEqual(['first', 'second']);
  });

  it('runs a due timer armed by a handler in the same tick, without anyone asking', async () => {
    const order: string[] = [];
    timers.on('step', async (t) => {
      order.push(String(t.payload.n));
      if (Number(t.payload.n) < 3) await timers.arm('step', 'S', clock.now(), { n: Number(t.payload.n) + 1 });
    });
    await timers.arm('step', 'S', clock.now(), { n: 1 });
    expect(await timers.tick()).toBe(3);
    expect(order).toEqual(['1', '2', '3']);
  });
});
