import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock.js';
import { openDatabase } from '../../src/store/database.js';
import { SqliteRunner } from '../../src/store/sql/sqlite-runner.js';
import { TimerRepository } from '../../src/store/timer-repository.js';
import { startTestShipgate, tempDbPath } from '../support/test-shipgate.js';

describe('Shipgate start-up', () => {
  it('takes over the timer leases of a process that is gone before its first tick, even when ticks are by hand', async () => {
    const clock = new FakeClock('2026-11-24T10:00:00Z');
    const dbPath = tempDbPath();
    const db = openDatabase(dbPath);
    const repo = new TimerRepository(new SqliteRunner(db));
    const now = clock.now();
    const id = await repo.insert({
      kind: 'incident.setup',
      subject: 'INC-2026-0001',
      dueAt: now,
      payload: {},
      createdAt: now,
    });
    expect(await repo.claim(id, 'old-host:4242:dead', now, new Date(now.getTime() + 60_000))).toBe(1);
    db.close();

    clock.advance(1000);
    const shipgate = await startTestShipgate({ dbPath, clock });
    try {
      const row = await new TimerRepository(new SqliteRunner(shipgate.db)).get(id);
      expect(row?.lastError).toBe('lease of old-host:4242:dead taken over at restart');
      expect(row?.claimedBy).not.toBe('old-host:4242:dead');
    } finally {
      await shipgate.stop();
    }
  });
});
