import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DeployHarness, startDeployHarness } from '../support/deploy-harness.js';
import { AT_LEAST_ONE, metricLine } from '../support/metric-line.js';
import { storeCount } from '../support/store-query.js';

let h: DeployHarness;
const MIN = 60_000;
/** How long the stand-in holds every `chat.update` (Slack's client gives up after the configured 1 s). */
const STALL_MS = 40_000;
const idOf = (text: string) => /INC-\d{4}-\d{4}/.exec(text)?.[0] ?? '';

beforeAll(async () => {
  h = await startDeployHarness({
    startScheduler: true,
    configure: (loaded) => ({
      ...loaded,
      config: {
        ...loaded.config,
        timeouts: {
          ...loaded.config.timeouts,
          slack: { ms: 1000, text: '1s' },
          pagerduty: { ms: 1000, text: '1s' },
        },
      },
    }),
  });
});
afterAll(async () => {
  h.slack.clearFaults();
  await h.stop();
});

const channelOf = async (id: string) => (await h.shipgate.runtime.incidents.get(id))?.channelId ?? '';
const claimedSyncs = (id: string) =>
  storeCount(h.shipgate)`SELECT count(*) AS n FROM timers WHERE kind = 'slack.sync' AND subject = ${id}
    AND fired_at IS NULL AND claimed_until IS NOT NULL`;

/** Polls `check` every 20 ms until it is true; resolves with how long that took, failing after `ms`. */
async function within(what: string, ms: number, check: () => boolean | Promise<boolean>): Promise<number> {
  const started = performance.now();
  while (!(await check())) {
    if (performance.now() - started > ms) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return performance.now() - started;
}

describe('a Slack call that stalls for 40 s', () => {
  it('leaves other incidents, clocks and /readyz alone', async () => {
    const declared = await h.slack.command({
      user: 'U0BOB',
      command: '/incident',
      text: 'declare SEV-2 Search is slow',
      channel: 'C0DEPLOYS',
    });
    const first = idOf(JSON.stringify(declared.ack));
    await h.settle();
    expect((await h.shipgate.sync.ref('incident-card', first))?.ts).toBeDefined();

    h.slack.failMethod('chat.update', { delayMs: STALL_MS });
    await h.slack.command({
      user: 'U0BOB',
      command: '/incident',
      text: `${first} ack`,
      channel: 'C0DEPLOYS',
    });
    await within(
      'the card update of the first incident to be under way',
      5000,
      async () => (await claimedSyncs(first)) > 0,
    );

    const second = idOf(
      JSON.stringify(
        (
          await h.slack.command({
            user: 'U0ALICE',
            command: '/incident',
            text: 'declare SEV-1 Checkout is down',
            channel: 'C0DEPLOYS',
          })
        ).ack,
      ),
    );
    const tookMs = await within('the second incident to get its channel and pinned card', 5000, async () => {
      const ref = await h.shipgate.sync.ref('incident-card', second);
      const card = ref?.ts ? h.slack.state.message(ref.channel, ref.ts) : undefined;
      return h.slack.state.channels.has(await channelOf(second)) && card?.pinnedBy !== undefined;
    });
    expect(tookMs).toBeLessThan(3000);

    h.clock.advance(10 * MIN);
    void h.shipgate.timers.tick();
    await within('the second incident’s response reminder', 5000, async () =>
      h.slack
        .messages(await channelOf(second))
        .some((m) => m.text.includes('still needs an acknowledgement')),
    );

    await within('a Slack call to time out', 5000, () => h.shipgate.upstreams.count('slack', 'timeout') > 0);
    const ready = await fetch(`${h.shipgate.url}/readyz`);
    const body = (await ready.json()) as { checks: Record<string, { ok: boolean; detail?: string }> };
    expect(ready.status).toBe(200);
    expect(body.checks.upstreams).toEqual({
      ok: true,
      detail: expect.stringMatching(/^slack: \d+ timeouts? in the last 5 min/),
    });
    const metrics = await (await fetch(`${h.shipgate.url}/metrics`)).text();
    expect(metrics).toMatch(
      metricLine('shipgate_upstream_errors_total', { upstream: 'slack', reason: 'timeout' }, AT_LEAST_ONE),
    );
  });
});
