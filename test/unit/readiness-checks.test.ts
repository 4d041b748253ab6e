import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readinessChecks } from '../../src/readiness-checks.js';
import type { SchedulerHealth } from '../../src/scheduler/timer-service.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import { UpstreamHealth } from '../../src/upstream-health.js';
import { createTempDb, type TempDb } from './scheduler/temp-db.js';

describe('/readyz checks', () => {
  let temp: TempDb;
  let store: Store;
  let health: SchedulerHealth;
  let monotonic: number;
  let outbox: { pending: number; oldestQueuedAt: number | undefined } | Error;
  const upstreams = new UpstreamHealth();
  const checks = () =>
    readinessChecks({
      database: () => store.health(),
      scheduler: () => health,
      schedulerExpected: true,
      upstreams,
      outbox: async () => {
        if (outbox instanceof Error) throw outbox;
        return outbox;
      },
      now: () => 100_000,
      monotonicNow: () => monotonic,
    })();

  beforeEach(async () => {
    temp = createTempDb();
    store = await openStore({ dbPath: temp.path });
    monotonic = 50_000;
    outbox = { pending: 0, oldestQueuedAt: undefined };
    health = {
      started: true,
      lookedAtMonotonicMs: 45_000,
      handlersRunning: 0,
      backlog: { due: 0, oldestDueAt: undefined },
    };
  });
  afterEach(async () => {
    await store.close().catch(() => undefined);
    temp.cleanup();
  });

  it('is ready with no detail when the scheduler looked lately and nothing waits', async () => {
    expect(await checks()).toEqual({
      database: { ok: true },
      scheduler: { ok: true },
      upstreams: { ok: true },
      outbox: { ok: true },
    });
  });

  it('is not ready once the scheduler has not looked for due timers for more than 15 s', async () => {
    monotonic = 45_000 + 15_001;
    expect((await checks()).scheduler).toEqual({
      ok: false,
      detail: 'the scheduler has not looked for due timers for 15 s',
    });
    monotonic = 45_000 + 17_400;
    expect((await checks()).scheduler?.detail).toBe('the scheduler has not looked for due timers for 17 s');
  });

  it('stays ready through a backlog and upstream errors, naming them', async () => {
    health = { ...health, handlersRunning: 32, backlog: { due: 120, oldestDueAt: 100_000 - 38_000 } };
    upstreams.record('slack', 'timeout');
    outbox = { pending: 3, oldestQueuedAt: 100_000 - 630_000 };
    expect(await checks()).toEqual({
      database: { ok: true },
      scheduler: { ok: true, detail: '32 timers running; 120 due and waiting, the oldest due 38 s ago' },
      upstreams: { ok: true, detail: 'slack: 1 timeout in the last 5 min' },
      outbox: { ok: true, detail: '3 Slack messages wait to be delivered, the oldest queued 630 s ago' },
    });
  });

  it('is not ready when the database does not answer', async () => {
    await store.close();
    expect((await checks()).database).toEqual({ ok: false, detail: 'The database connection is not open' });
  });

  it('names an outbox backlog that cannot be read without failing on it (the database check does)', async () => {
    outbox = new Error('connection terminated');
    expect((await checks()).outbox).toEqual({
      ok: true,
      detail: 'the backlog cannot be read: connection terminated',
    });
  });
});
