import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock.js';
import { LeaseLostError, type TimerFunctions, TimerService } from '../../src/scheduler/timer-service.js';
import type { SqlRunner } from '../../src/store/sql/sql-runner.js';
import { TimerRepository } from '../../src/store/timer-repository.js';
import { type SharedStore, sharedStores } from '../support/shared-stores.js';
import { deferred } from '../unit/scheduler/temp-db.js';

const LEASE_MS = 30_000;

/**
 * Several schedulers on one store, each with its own connection (SQLite file) or pool (PostgreSQL schema), as
 * several processes or replicas have them: every due timer fires once, a lease that ran out is taken over, and a
 * scheduler that lost a lease neither completes nor starts that timer.
 */
describe.each(sharedStores('timer_replicas'))('timers shared by several schedulers on %s', (_, openStore) => {
  let store: SharedStore;
  let clock: FakeClock;
  let services: TimerService[];
  let repo: TimerRepository;

  beforeEach(async () => {
    store = await openStore();
    clock = new FakeClock('2026-11-24T10:00:00Z');
    services = [];
    repo = new TimerRepository(store.open().runner);
  });

  afterEach(async () => {
    await Promise.all(services.map((service) => service.stop()));
    await store.close();
  });

  /** A scheduler with a connection or pool of its own; `at` its clock (another replica's may run ahead). */
  const replica = (owner: string, at: FakeClock = clock) => {
    const { runner } = store.open();
    const lost: number[] = [];
    const service = new TimerService(runner, at, {
      owner,
      leaseMs: LEASE_MS,
      onLeaseLost: (timer) => lost.push(timer.id),
    });
    services.push(service);
    return { service, runner, lost };
  };

  it('fires each of 240 due timers exactly once, split between two schedulers claiming at once', async () => {
    const a = replica('a');
    const b = replica('b');
    const runs = new Map<number, string[]>();
    for (const [owner, { service }] of [
      ['a', a],
      ['b', b],
    ] as const)
      service.on('approval.timeout', async (t) => {
        runs.set(t.id, [...(runs.get(t.id) ?? []), owner]);
        await new Promise((resolve) => setImmediate(resolve));
      });
    const base = clock.now().getTime();
    const ids = await armMany(a.runner, a.service, 240, (i) => new Date(base - 1000 + (i % 7)));
    clock.advance(10);

    const [firedA, firedB] = await Promise.all([a.service.tick(), b.service.tick()]);

    expect(firedA + firedB).toBe(240);
    expect(firedA).toBeGreaterThan(0);
    expect(firedB).toBeGreaterThan(0);
    expect([...runs.keys()].sort((x, y) => x - y)).toEqual(ids);
    expect([...runs.values()].filter((owners) => owners.length !== 1)).toEqual([]);
    const rows = await Promise.all(ids.map((id) => repo.get(id)));
    expect(rows.filter((row) => row?.firedAt === null)).toEqual([]);
    expect(rows.filter((row) => row?.claimedBy === 'a')).toHaveLength(firedA);
    expect(await Promise.all([a.service.tick(), b.service.tick()])).toEqual([0, 0]);
  });

  it('lets another scheduler take over a timer whose holder died once the lease ran out, and refuses the late finish', async () => {
    const a = replica('a');
    const b = replica('b');
    const stuck = deferred();
    const started = deferred();
    const runs: string[] = [];
    a.service.on('severity.clock', async () => {
      runs.push('a');
      started.resolve();
      await stuck.promise;
    });
    b.service.on('severity.clock', () => {
      runs.push('b');
    });
    const id = await a.service.arm('severity.clock', 'INC-2026-0001', clock.now());
    const tickA = a.service.tick();
    await started.promise;
    expect(await repo.get(id)).toMatchObject({ claimedBy: 'a', leaseToken: 1 });

    expect(await b.service.tick()).toBe(0);
    clock.advance(LEASE_MS);
    expect(await b.service.tick()).toBe(0);
    clock.advance(1);
    expect(await b.service.tick()).toBe(1);
    const firedAt = clock.now();
    expect(await repo.get(id)).toMatchObject({ claimedBy: 'b', leaseToken: 2, firedAt });

    clock.advance(5_000);
    stuck.resolve();
    expect(await tickA).toBe(1);
    expect(a.lost).toEqual([id]);
    expect(b.lost).toEqual([]);
    expect(await repo.get(id)).toMatchObject({ claimedBy: 'b', leaseToken: 2, firedAt, attempts: 0 });
    expect(await Promise.all([a.service.tick(), b.service.tick()])).toEqual([0, 0]);
    expect(runs).toEqual(['a', 'b']);
  });

  it('arms a follow-up only under a live lease, so a stalled holder does not run a pipeline a second time', async () => {
    const a = replica('a');
    const b = replica('b');
    const stuck = deferred();
    const started = deferred();
    const runs: string[] = [];
    const failures: unknown[] = [];
    const pipeline = (owner: string, service: TimerService) =>
      service.on('incident.setup', async (timer) => {
        runs.push(`${owner}:${String(timer.payload.step)}`);
        if (timer.payload.step !== 'channel') return;
        if (owner === 'a') {
          started.resolve();
          await stuck.promise;
        }
        try {
          await service.armNext(timer, 'incident.setup', timer.subject, clock.now(), { step: 'invite' });
        } catch (err) {
          failures.push(err);
          throw err;
        }
      });
    pipeline('a', a.service);
    pipeline('b', b.service);
    const id = await a.service.arm('incident.setup', 'INC-2026-0001', clock.now(), { step: 'channel' });
    const tickA = a.service.tick();
    await started.promise;

    clock.advance(LEASE_MS + 1);
    expect(await b.service.tick()).toBe(2);
    expect(runs).toEqual(['a:channel', 'b:channel', 'b:invite']);
    stuck.resolve();
    expect(await tickA).toBe(0);
    expect(failures).toEqual([expect.any(LeaseLostError)]);
    expect(a.lost).toEqual([id]);
    expect(b.lost).toEqual([]);
    expect(await Promise.all([a.service.tick(), b.service.tick()])).toEqual([0, 0]);
    expect(runs).toEqual(['a:channel', 'b:channel', 'b:invite']);
    expect(await repo.get(id)).toMatchObject({ claimedBy: 'b', leaseToken: 2, attempts: 0, lastError: null });
    expect(await b.service.pending()).toEqual([]);
  });

  it('arms no follow-up once the lease ran out though nobody took the timer yet, and runs the step again later', async () => {
    const a = replica('a');
    const stuck = deferred();
    const started = deferred();
    const runs: string[] = [];
    a.service.on(
      'incident.setup',
      async (timer) => {
        runs.push(`${String(timer.payload.step)}#${timer.claim}`);
        if (timer.payload.step !== 'channel') return;
        if (timer.claim === 1) {
          started.resolve();
          await stuck.promise;
        }
        await a.service.armNext(timer, 'incident.setup', timer.subject, clock.now(), { step: 'invite' });
      },
      { backoffMs: () => 1000 },
    );
    const id = await a.service.arm('incident.setup', 'INC-2026-0002', clock.now(), { step: 'channel' });
    const tick = a.service.tick();
    await started.promise;
    clock.advance(LEASE_MS + 1);
    stuck.resolve();
    expect(await tick).toBe(0);
    expect(await repo.get(id)).toMatchObject({ firedAt: null, attempts: 1, claimedBy: null });
    expect(a.lost).toEqual([]);
    clock.advance(1000);
    expect(await a.service.tick()).toBe(2);
    expect(runs).toEqual(['channel#1', 'channel#2', 'invite#1']);
  });

  it('refuses the late outcome of a scheduler whose timer was claimed again, whatever it reports', async () => {
    const now = clock.now();
    const id = await repo.insert({ kind: 'k', subject: 's', dueAt: now, payload: {}, createdAt: now });
    const first = await repo.claim(id, 'a', now, new Date(now.getTime() + LEASE_MS));
    const later = new Date(now.getTime() + LEASE_MS + 1);
    const second = await repo.claim(id, 'a', later, new Date(later.getTime() + LEASE_MS));
    expect([first, second]).toEqual([1, 2]);

    expect(await repo.complete(id, { owner: 'a', token: 1 }, later)).toBe(false);
    expect(await repo.release(id, { owner: 'a', token: 1 }, later, 'late')).toBe(false);
    expect(await repo.giveUp(id, { owner: 'a', token: 1 }, later, 'late')).toBe(false);
    expect(await repo.get(id)).toMatchObject({ firedAt: null, attempts: 0, lastError: null, leaseToken: 2 });
    expect(await repo.complete(id, { owner: 'a', token: 2 }, later)).toBe(true);
  });

  it('does not start a waiting timer whose lease another scheduler took meanwhile, though its own clock says it holds', async () => {
    const a = replica('a');
    const ahead = new FakeClock(new Date(clock.now().getTime() + LEASE_MS + 1));
    const b = replica('b', ahead);
    const slow = deferred();
    const slowStarted = deferred();
    const runs: string[] = [];
    a.service.on('slow', async () => {
      runs.push('a:slow');
      slowStarted.resolve();
      await slow.promise;
    });
    a.service.on('step', () => {
      runs.push('a:step');
    });
    b.service.on('step', () => {
      runs.push('b:step');
    });
    const base = clock.now().getTime();
    const slowId = await a.service.arm('slow', 'DEP-2026-0001', new Date(base - 2));
    const stepId = await a.service.arm('step', 'DEP-2026-0001', new Date(base - 1));
    const tickA = a.service.tick();
    await slowStarted.promise;
    expect(await repo.get(stepId)).toMatchObject({ claimedBy: 'a', leaseToken: 1 });

    expect(await b.service.tick()).toBe(1);
    slow.resolve();

    expect(await tickA).toBe(1);
    expect(runs).toEqual(['a:slow', 'b:step']);
    expect(await repo.get(stepId)).toMatchObject({ claimedBy: 'b', leaseToken: 2, firedAt: ahead.now() });
    expect((await repo.get(slowId))?.firedAt).toEqual(clock.now());
  });
});

/**
 * What only PostgreSQL does for replicas: a live replica's leases are never adopted by another one starting, and
 * an arm on one replica wakes the other through LISTEN/NOTIFY.
 */
describe.each(sharedStores('timer_replicas_pg').filter(([name]) => name === 'PostgreSQL'))(
  'replicas on %s',
  (_, openStore) => {
    let store: SharedStore;
    let clock: FakeClock;
    let services: TimerService[];

    beforeEach(async () => {
      store = await openStore();
      clock = new FakeClock('2026-11-24T10:00:00Z');
      services = [];
    });

    afterEach(async () => {
      await Promise.all(services.map((service) => service.stop()));
      await store.close();
    });

    it('leaves the leases of a live replica alone when another one starts', async () => {
      const live = store.open();
      const a = new TimerService(live.runner, clock, { owner: 'a', leaseMs: LEASE_MS });
      services.push(a);
      const stuck = deferred();
      const started = deferred();
      a.on('incident.setup', async () => {
        started.resolve();
        await stuck.promise;
      });
      const id = await a.arm('incident.setup', 'INC-2026-0001', clock.now());
      const tickA = a.tick();
      await started.promise;

      clock.advance(1000);
      const b = new TimerService(store.open().runner, clock, { owner: 'b', leaseMs: LEASE_MS });
      services.push(b);
      b.on('incident.setup', () => {
        throw new Error('must not run while a holds it');
      });
      expect(await b.adoptStaleLeases()).toEqual([]);
      expect(await b.tick()).toBe(0);
      const repo = new TimerRepository(live.runner);
      expect(await repo.get(id)).toMatchObject({ claimedBy: 'a', lastError: null, leaseToken: 1 });
      stuck.resolve();
      expect(await tickA).toBe(1);
      expect((await repo.get(id))?.firedAt).toEqual(clock.now());
    });

    it('re-plans the wake-up of another replica when a timer is armed, through a real LISTEN', async () => {
      const a = new TimerService(store.open().runner, clock, { owner: 'a' });
      const other = store.open();
      const set = deferred();
      const delays: number[] = [];
      const timerFunctions: TimerFunctions = {
        setTimeout: (_callback, ms) => {
          delays.push(ms);
          set.resolve();
          return undefined;
        },
        clearTimeout: () => {},
      };
      const b = new TimerService(other.runner, clock, {
        owner: 'b',
        timerFunctions,
        ...(other.armedSignals ? { armedSignals: other.armedSignals } : {}),
      });
      services.push(a, b);
      b.on('review.due', () => {});
      b.start();
      await b.listeningForArms();
      await b.tick();
      expect(delays).toEqual([]);

      await a.arm('review.due', 'INC-2026-0001', new Date(clock.now().getTime() + 10 * 60_000));
      await set.promise;
      expect(delays).toEqual([10 * 60_000]);
    });
  },
);

/** Arms `count` timers of `approval.timeout` in one transaction of `runner`, due at `dueAt(i)`. */
async function armMany(
  runner: SqlRunner,
  service: TimerService,
  count: number,
  dueAt: (i: number) => Date,
): Promise<number[]> {
  return await runner.transaction(async () => {
    const armed: number[] = [];
    for (let i = 0; i < count; i++)
      armed.push(await service.arm('approval.timeout', `approval:${i}`, dueAt(i)));
    return armed;
  });
}
