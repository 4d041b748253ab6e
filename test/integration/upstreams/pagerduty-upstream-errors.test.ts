import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { observedOnCall, observedPager } from '../../../src/adapters/pagerduty/observed-pagerduty.js';
import { PagerDutyEvents } from '../../../src/adapters/pagerduty/pagerduty-events.js';
import { PagerDutyOnCall } from '../../../src/adapters/pagerduty/pagerduty-on-call.js';
import type { UpstreamErrorReason } from '../../../src/core/upstream-error.js';
import { PagerDutyStandIn } from '../../../src/sandbox/pagerduty/index.js';
import { ROUTING_KEY } from '../pagerduty/pagerduty-fixture.js';

let standIn: PagerDutyStandIn;
let seen: Array<[string, UpstreamErrorReason]>;
const observe = (upstream: string, reason: UpstreamErrorReason) => seen.push([upstream, reason]);
const alert = {
  dedupKey: 'INC-2026-0001',
  summary: 'Checkout down',
  source: 'checkout',
  severity: 'critical' as const,
};

beforeAll(async () => {
  standIn = await PagerDutyStandIn.start();
  standIn.setOnCall({
    scheduleId: 'PSCH001',
    users: [{ id: 'PUCAROL', name: 'Carol', email: 'c@example.com' }],
  });
});
afterAll(() => standIn.stop());
beforeEach(() => {
  standIn.clearFaults();
  seen = [];
});

describe('PagerDuty failures as upstream trouble', () => {
  it('counts a page that times out, a 5xx, a 429 and a dropped connection; a 400 and a success count nothing', async () => {
    const pager = observedPager(
      new PagerDutyEvents({ routingKey: ROUTING_KEY, eventsUrl: standIn.url, timeoutMs: 200 }),
      observe,
    );
    standIn.slow('/v2/enqueue', 2000, 1);
    await expect(pager.trigger(alert)).rejects.toThrow('no answer within 200 ms');
    standIn.fail('/v2/enqueue', { status: 503, times: 1 });
    await expect(pager.trigger(alert)).rejects.toThrow(/HTTP 503/);
    standIn.fail('/v2/enqueue', { status: 429, retryAfter: 1, times: 1 });
    await expect(pager.trigger(alert)).rejects.toThrow(/HTTP 429/);
    standIn.fail('/v2/enqueue', { drop: true, times: 1 });
    await expect(pager.trigger(alert)).rejects.toThrow();
    standIn.fail('/v2/enqueue', { status: 400, times: 1 });
    await expect(pager.trigger(alert)).rejects.toThrow(/HTTP 400/);
    await expect(pager.trigger(alert)).resolves.toMatchObject({ dedupKey: 'INC-2026-0001' });
    expect(seen).toEqual([
      ['pagerduty', 'timeout'],
      ['pagerduty', '5xx'],
      ['pagerduty', '429'],
      ['pagerduty', 'network'],
    ]);
  });

  it('counts an on-call lookup that times out', async () => {
    const directory = observedOnCall(
      new PagerDutyOnCall({ token: standIn.token, apiUrl: standIn.url, timeoutMs: 200 }),
      observe,
    );
    standIn.slow('/oncalls', 2000, 1);
    await expect(directory.onCallNow({ scheduleId: 'PSCH001' }, new Date())).rejects.toThrow(/200 ms/);
    expect(await directory.onCallNow({ scheduleId: 'PSCH001' }, new Date())).toHaveLength(1);
    expect(seen).toEqual([['pagerduty', 'timeout']]);
  });
});
