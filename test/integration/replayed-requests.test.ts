import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import type { Shipgate } from '../../src/shipgate.js';
import { IDS } from '../../src/slack/ids.js';
import { commandBody, postSigned } from '../support/signed-post.js';
import { startTestShipgate, tempDbPath } from '../support/test-shipgate.js';

const running: Shipgate[] = [];

afterEach(async () => {
  for (const shipgate of running.splice(0)) await shipgate.stop();
});

/** A Shipgate on `dbPath` whose log lines are collected, parsed, in `logs`. */
async function start(dbPath: string) {
  const logs: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean))
        logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const shipgate = await startTestShipgate({ dbPath, logger: createLogger({ level: 'info', destination }) });
  running.push(shipgate);
  return { shipgate, logs };
}

const count = (shipgate: Shipgate, table: 'incidents' | 'events') =>
  (shipgate.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

const slackRequests401 = async (shipgate: Shipgate) => {
  const text = await (await fetch(`${shipgate.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('shipgate_slack_requests_total{status="401"}'));
  return Number(line?.split(' ')[1] ?? 0);
};

/** A captured request: the exact body and Slack headers of one delivery, to send again as is. */
const captured = (body: string) => ({ body, timestampSec: Math.floor(Date.now() / 1000) });

describe('a validly signed request replayed inside the 5-minute window', () => {
  it('is refused with 401 after a restart, and the incident is declared once', async () => {
    const dbPath = tempDbPath('shipgate-replay-');
    const request = captured(commandBody('/incident', 'declare SEV-3 Checkout is slow'));
    const first = await start(dbPath);
    const res = await postSigned(first.shipgate.url, request.body, { timestampSec: request.timestampSec });
    expect(res.status).toBe(200);
    expect(count(first.shipgate, 'incidents')).toBe(1);
    await first.shipgate.stop();
    running.splice(0);

    const second = await start(dbPath);
    const events = count(second.shipgate, 'events');
    const replay = await postSigned(second.shipgate.url, request.body, {
      timestampSec: request.timestampSec,
    });
    expect(replay.status).toBe(401);
    expect(await replay.text()).toBe('');
    expect(count(second.shipgate, 'incidents')).toBe(1);
    expect(count(second.shipgate, 'events')).toBe(events);
  });

  it('is refused with 401 without a restart too, logged at warn and counted as a 401', async () => {
    const { shipgate, logs } = await start(tempDbPath('shipgate-replay-'));
    const request = captured(commandBody('/deploy', 'help'));
    expect(
      (await postSigned(shipgate.url, request.body, { timestampSec: request.timestampSec })).status,
    ).toBe(200);
    const refusedBefore = await slackRequests401(shipgate);
    const replay = await postSigned(shipgate.url, request.body, {
      timestampSec: request.timestampSec,
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    expect(replay.status).toBe(401);
    expect(await slackRequests401(shipgate)).toBe(refusedBefore + 1);
    expect(logs.filter((l) => l.level === 40 && l.reason === 'replayed request')).toHaveLength(1);
  });

  it('refuses a replayed click (an interactivity payload) with 401', async () => {
    const { shipgate } = await start(tempDbPath('shipgate-replay-'));
    const payload = {
      type: 'block_actions',
      trigger_id: 'replay.click.1',
      user: { id: 'U0BOB', name: 'bob' },
      team: { id: 'T0SANDBOX' },
      api_app_id: 'A0SHIPGATE',
      channel: { id: 'C0DEPLOYS' },
      response_url: 'http://127.0.0.1:9/respond/1',
      actions: [
        {
          action_id: IDS.deployReject,
          block_id: 'b',
          value: 'DEP-2026-9999',
          action_ts: '1795000000.000001',
          type: 'button',
        },
      ],
    };
    const request = captured(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
    const first = await postSigned(shipgate.url, request.body, { timestampSec: request.timestampSec });
    expect(first.status).toBe(200);
    const replay = await postSigned(shipgate.url, request.body, { timestampSec: request.timestampSec });
    expect(replay.status).toBe(401);
  });

  it('acknowledges an Events API delivery sent again with the same signature: its event id is remembered', async () => {
    const { shipgate } = await start(tempDbPath('shipgate-replay-'));
    const envelope = JSON.stringify({
      type: 'event_callback',
      event_id: 'Ev0REPLAY1',
      event_time: 1795000000,
      team_id: 'T0SANDBOX',
      api_app_id: 'A0SHIPGATE',
      event: { type: 'reaction_added', user: 'U0BOB', reaction: 'eyes', item: { type: 'message' } },
    });
    const request = captured(envelope);
    const options = { timestampSec: request.timestampSec, contentType: 'application/json' };
    expect((await postSigned(shipgate.url, request.body, options)).status).toBe(200);
    const again = await postSigned(shipgate.url, request.body, options);
    expect(again.status).toBe(200);
    expect(await again.text()).toBe('');
  });
});
