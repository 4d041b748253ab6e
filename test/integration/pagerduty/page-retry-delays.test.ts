import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PagerDutyEvents } from '../../../src/adapters/pagerduty/pagerduty-events.js';
import { FakeClock } from '../../../src/clock.js';
import { PagerDutyStandIn } from '../../../src/sandbox/pagerduty/index.js';
import { defaultBackoffMs, TimerService } from '../../../src/scheduler/timer-service.js';
import { type Db, openDatabase } from '../../../src/store/database.js';
import { SqliteRunner } from '../../../src/store/sql/sqlite-runner.js';
import { tempDbPath } from '../../support/test-shipgate.js';
import { ROUTING_KEY } from './pagerduty-fixture.js';

/**
 * A page sent by a durable timer, as Shipgate sends incident pages: each failure is retried when the timer service
 * says (its backoff, or longer when the error carries `retryAfterMs`). Returns the wait before each retry.
 */
async function retryDelays(standIn: PagerDutyStandIn, clock: FakeClock, db: Db): Promise<number[]> {
  const events = new PagerDutyEvents({
    routingKey: ROUTING_KEY,
    eventsUrl: standIn.url,
    now: () => clock.now().getTime(),
  });
  const timers = new TimerService(new SqliteRunner(db), clock);
  timers.on('incident.page', async (timer) => {
    await events.trigger({
      dedupKey: timer.subject,
      summary: 'SEV-1 checkout down',
      source: 'shipgate',
      severity: 'critical',
    });
  });
  await timers.arm('incident.page', 'INC-2026-0001', clock.now());
  const delays: number[] = [];
  for (let tries = 0; tries < 10; tries++) {
    await timers.tick();
    const next = (await timers.pending('INC-2026-0001'))[0];
    if (next === undefined) return delays;
    delays.push(next.dueAt.getTime() - clock.now().getTime());
    clock.set(next.dueAt);
  }
  throw new Error('the page was never sent');
}

describe('retrying a page PagerDuty did not take', () => {
  let standIn: PagerDutyStandIn;
  let clock: FakeClock;
  let db: Db;

  beforeAll(async () => {
    standIn = await PagerDutyStandIn.start();
  });
  afterAll(() => standIn.stop());
  beforeEach(() => {
    standIn.clearFaults();
    clock = new FakeClock('2026-03-02T12:00:00Z');
    db = openDatabase(tempDbPath('shipgate-page-retry-'));
  });
  afterEach(() => {
    db.close();
    rmSync(dirname(db.name), { recursive: true, force: true });
  });

  it('retries three 503s without Retry-After after a few seconds each, not 30 s', async () => {
    standIn.fail('/v2/enqueue', { status: 503, times: 3 });
    const delays = await retryDelays(standIn, clock, db);
    expect(delays).toEqual([1, 2, 3].map(defaultBackoffMs));
    expect(Math.max(...delays)).toBeLessThan(5000);
    expect(standIn.incident('INC-2026-0001')?.status).toBe('triggered');
  });

  it('retries dropped connections with the same short backoff', async () => {
    standIn.fail('/v2/enqueue', { drop: true, times: 2 });
    expect(await retryDelays(standIn, clock, db)).toEqual([1, 2].map(defaultBackoffMs));
  });

  it('waits as long as a 5xx’s Retry-After says', async () => {
    standIn.fail('/v2/enqueue', { status: 502, retryAfter: 20, times: 1 });
    expect(await retryDelays(standIn, clock, db)).toEqual([20_000]);
  });

  it('waits a minute after a 429 without Retry-After, and as long as a 429’s Retry-After says', async () => {
    standIn.fail('/v2/enqueue', { status: 429, times: 1 });
    standIn.fail('/v2/enqueue', { status: 429, retryAfter: 5, times: 1 });
    expect(await retryDelays(standIn, clock, db)).toEqual([60_000, 5000]);
  });
});
