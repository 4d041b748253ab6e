import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DeployHarness, startDeployHarness } from '../support/deploy-harness.js';
import { seedProductionVersion } from '../support/deploy-history.js';
import { metricValue } from '../support/metric-line.js';

/**
 * Slack answers 500 to every post for 20 minutes — longer than the 10 tries (about 8.5 minutes of backoff) the
 * outbox used to give a message before dropping it. The approval message must arrive once Slack is back, drawn
 * from the state stored then, and the backlog must show on /metrics and /readyz meanwhile.
 */
let h: DeployHarness;
const MIN = 60_000;

beforeAll(async () => {
  h = await startDeployHarness();
});
afterAll(async () => {
  await h.stop();
});

async function waitOut(ms: number, step = 30_000) {
  for (let waited = 0; waited < ms; waited += step) {
    h.clock.advance(step);
    await h.settle();
  }
}
const metric = (text: string, name: string) => metricValue(text, name, {});

describe('a Slack outage longer than the old retry budget', () => {
  it('delivers the approval message once Slack is back, and shows the backlog meanwhile', async () => {
    await seedProductionVersion(h, 'checkout', '2.5.3', 'blue');
    h.slack.failMethod('chat.postMessage', { status: 500 });
    const ack = await h.deploy('U0ALICE', 'checkout 2.5.4');
    const id = /DEP-\d{4}-\d{4}/.exec(ack)?.[0] ?? '';
    await waitOut(20 * MIN);
    expect(await h.message(id)).toBeUndefined();
    const failed = h.slack.callsTo('chat.postMessage').filter((c) => c.status === 500).length;
    expect(failed).toBeGreaterThan(10);
    const sync = (await h.shipgate.timers.pending(id)).find((t) => t.kind === 'slack.sync');
    expect(sync?.attempts).toBeGreaterThan(10);

    const metrics = await (await fetch(`${h.shipgate.url}/metrics`)).text();
    expect(metric(metrics, 'shipgate_outbox_pending')).toBeGreaterThanOrEqual(1);
    expect(metric(metrics, 'shipgate_outbox_oldest_seconds')).toBeGreaterThanOrEqual(20 * 60);
    const ready = await fetch(`${h.shipgate.url}/readyz`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { checks: { outbox: { ok: boolean; detail: string } } };
    expect(body.checks.outbox.ok).toBe(true);
    expect(body.checks.outbox.detail).toMatch(
      /Slack messages? waits? to be delivered, the oldest queued 1[23]\d\d s ago/,
    );

    h.slack.clearFaults();
    await waitOut(5 * MIN);
    const posted = await h.message(id);
    expect(posted?.text).toContain('checkout 2.5.3 → 2.5.4');
    expect(JSON.stringify(posted?.blocks)).toContain('Approve');
    expect(
      h.slack.state.messagesIn(posted?.channel ?? '').filter((m) => m.text === posted?.text),
    ).toHaveLength(1);
    const after = await (await fetch(`${h.shipgate.url}/metrics`)).text();
    expect(metric(after, 'shipgate_outbox_pending')).toBe(0);
    expect(metric(after, 'shipgate_outbox_oldest_seconds')).toBe(0);
    expect(await h.click('U0BOB', id, 'approve')).toContain('approved DEP');
  });
});
