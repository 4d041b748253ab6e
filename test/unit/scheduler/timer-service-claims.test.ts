import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/clock.js';
import { TimerService } from '../../../src/scheduler/timer-service.js';
import { gateOf } from '../../../src/store/connection-gate.js';
import { SqliteRunner } from '../../../src/store/sql/sqlite-runner.js';
import { TimerRepository } from '../../../src/store/timer-repository.js';
import { createTempDb, deferred, type TempDb } from './temp-db.js';

describe('TimerService claims', () => {
  let temp: TempDb;
  let clock: FakeClock;

  beforeEach(() => {
    temp = createTempDb();
    clock = new FakeClock('2026-11-24T10:00:00Z');
  });

  afterEach(() => temp.cleanup());

  it('fires each of 200 timers exactly once when two services on the same file race', async () => {
    const dbA = temp.open();
    const a = new TimerService(new SqliteRunner(dbA), clock, { owner: 'a' });
    const b = new TimerService(temp.openRunner(), clock, { owner: 'b' });
    const runs = new Map<number, string[]>();
    const handler = (owner: string) => async (t: { id: number }) => {
      runs.set(t.id, [...(runs.get(t.id) ?? []), owner]);
      await new Promise((r) => setImmediate(r));
    };
    a.on('approval.timeout', handler('a'));
    b.on('approval.timeout', handler('b'));
    const base = clock.now().getTime();
    const ids = await gateOf(dbA).transaction(async () => {
      const armed: number[] = [];
      for (let i = 0; i < 200; i++)
        armed.push(await a.arm('approval.timeout', `approval:${i}`, new Date(base - 1000 + (i % 7))));
      return armed;
    });
    clock.advance(10);

    const [firedA, firedB] = await Promise.all([a.tick(), b.tick()]);

    expect(firedA + firedB).toBe(200);
    expect(firedA).toBeGreaterThan(0);
    expect(firedB).toBeGreaterThan(0);
    expect([...runs.keys()].sort((x, y) => x - y)).toEqual(ids);
    expect([...runs.values()].every((owners) => owners.length === 1)).toBe(true);
    const counts = temp.db
      .prepare(
        `SELECT claimed_by AS owner, count(*) AS n FROM timers WHERE fired_at IS NOT NULL
         GROUP BY claimed_by ORDER BY claimed_by`,
      )
      .all();
    expect(counts).toEqual([
      { owner: 'a', n: firedA },
      { owner: 'b', n: firedB },
    ]);
    expect(await Promise.all([a.tick(), b.tick()])).toEqual([0, 0]);
  });

  it('takes over a timer whose lease ran out and ignores the late finish of the first owner', async () => {
    const repo = new TimerRepository(temp.runner);
    const stuck = deferred();
    const started = deferred();
    const runs: string[] = [];
    const a = new TimerService(temp.openRunner(), clock, { owner: 'a', leaseMs: 30_000 });
    const b = new TimerService(temp.openRunner(), clock, { owner: 'b', leaseMs: 30_000 });
    a.on('severity.clock', async () => {
      runs.push('a');
      started.resolve();
      await stuck.promise;
    });
    b.on('severity.clock', () => {
      runs.push('b');
    });
    const id = await a.arm('severity.clock', 'INC-2026-0001', clock.now());

    const tickA = a.tick();
    await started.promise;
    expect(runs).toEqual(['a']);
    expect(await repo.get(id)).toMatchObject({
      claimedBy: 'a',
      claimedUntil: new Date(clock.now().getTime() + 30_000),
    });

    expect(await b.tick()).toBe(0);
    clock.advance(30_000);
    expect(await b.tick()).toBe(0);
    expect(runs).toEqual(['a']);

    clock.advance(1);
    expect(await b.tick()).toBe(1);
    expect(runs).toEqual(['a', 'b']);
    const firedAt = clock.now();

    clock.advance(5_000);
    stuck.resolve();
    await tickA;
    expect(await repo.get(id)).toMatchObject({ claimedBy: 'b', firedAt, attempts: 0 });
    expect(await b.tick()).toBe(0);
    expect(runs).toEqual(['a', 'b']);
  });

  it('renews the lease on a subject’s waiting timers once half of it is gone, and skips those taken over meanwhile', async () => {
    const repo = new TimerRepository(temp.runner);
    const a = new TimerService(temp.openRunner(), clock, { owner: 'a', leaseMs: 30_000 });
    const b = new TimerService(temp.openRunner(), clock, { owner: 'b', leaseMs: 30_000 });
    const runs: string[] = [];
    let leaseSeen: Date | null | undefined;
    a.on('step', async (t) => {
      runs.push(`a:${t.payload.step}`);
      if (t.payload.step === 'slow') clock.advance(20_000);
      if (t.payload.step === 'renewed') leaseSeen = (await repo.get(t.id))?.claimedUntil;
      if (t.payload.step === 'stalled') {
        clock.advance(30_001);
        await b.tick();
      }
    });
    b.on('step', (t) => {
      runs.push(`b:${t.payload.step}`);
    });
    const due = clock.now().getTime();
    for (const [i, step] of ['slow', 'renewed', 'stalled', 'taken'].entries()) {
      await a.arm('step', 'DEP-2026-0001', new Date(due + i), { step });
    }
    clock.advance(10);

    expect(await a.tick()).toBe(3);
    expect(leaseSeen).toEqual(new Date(due + 10 + 20_000 + 30_000));
    expect(runs).toEqual(['a:slow', 'a:renewed', 'a:stalled', 'b:stalled', 'b:taken']);
    expect(await repo.listPending()).toEqual([]);
  });

  it('at start-up releases the leases other owners took before it started, and only those', async () => {
    const repo = new TimerRepository(temp.runner);
    const dead = new TimerService(temp.openRunner(), clock, { owner: 'dead' });
    const never = new Promise<void>(() => {});
    const deadRuns = deferred();
    dead.on('incident.setup', () => {
      deadRuns.resolve();
      return never;
    });
    const base = clock.now().getTime();
    const stale = await dead.arm('incident.setup', 'INC-2026-0001', new Date(base - 1000));
    void dead.tick();
    await deadRuns.promise;
    expect((await repo.get(stale))?.claimedBy).toBe('dead');

    clock.advance(1000);
    const restarted = new TimerService(temp.openRunner(), clock, { owner: 'restarted' });
    clock.advance(1000);
    const live = new TimerService(temp.openRunner(), clock, { owner: 'live' });
    const liveRuns = deferred();
    live.on('incident.clock', () => {
      liveRuns.resolve();
      return never;
    });
    const held = await live.arm('incident.clock', 'INC-2026-0002', clock.now());
    void live.tick();
    await liveRuns.promise;
    expect((await repo.get(held))?.claimedBy).toBe('live');

    expect(await restarted.adoptStaleLeases()).toEqual([{ id: stale, owner: 'dead' }]);
    expect(await repo.get(stale)).toMatchObject({
      claimedBy: null,
      claimedUntil: null,
      attempts: 0,
      lastError: 'lease of dead taken over at restart',
    });
    expect(await repo.get(held)).toMatchObject({ claimedBy: 'live', lastError: null });

    const runs: number[] = [];
    restarted.on('incident.setup', (t) => {
      runs.push(t.id);
    });
    restarted.on('incident.clock', (t) => {
      runs.push(t.id);
    });
    expect(await restarted.tick()).toBe(1);
    expect(runs).toEqual([stale]);
    expect(await restarted.adoptStaleLeases()).toEqual([]);
  });

  it('does not claim a timer another scheduler re-armed for later after a failure', async () => {
    const repo = new TimerRepository(temp.runner);
    const now = clock.now();
    const id = await repo.insert({ kind: 'k', subject: 's', dueAt: now, payload: {}, createdAt: now });
    const until = new Date(now.getTime() + 60_000);

    const tokenA = await repo.claim(id, 'a', now, until);
    expect(tokenA).toBe(1);
    expect(await repo.claim(id, 'b', now, until)).toBeUndefined();
    expect(await repo.release(id, { owner: 'b', token: 1 }, now, 'not mine')).toBe(false);
    expect(await repo.release(id, { owner: 'a', token: 1 }, new Date(now.getTime() + 1000), 'boom')).toBe(
      true,
    );
    expect(await repo.claim(id, 'b', now, until)).toBeUndefined();
    expect(await repo.claim(id, 'b', new Date(now.getTime() + 1000), until)).toBe(2);
    expect(await repo.complete(id, { owner: 'a', token: 1 }, now)).toBe(false);
    expect(await repo.complete(id, { owner: 'b', token: 1 }, now)).toBe(false);
    expect(await repo.complete(id, { owner: 'b', token: 2 }, now)).toBe(true);
    expect(await repo.get(id)).toMatchObject({
      attempts: 1,
      lastError: 'boom',
      claimedBy: 'b',
      firedAt: now,
      leaseToken: 2,
    });
  });
});
