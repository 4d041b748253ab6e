import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Shipgate } from '../../src/shipgate.js';
import { AT_LEAST_ONE, metricLine } from '../support/metric-line.js';
import { commandBody, postSigned } from '../support/signed-post.js';
import { startTestShipgate } from '../support/test-shipgate.js';

let shipgate: Shipgate;

beforeAll(async () => {
  shipgate = await startTestShipgate({
    routes: {
      'GET /throws': () => {
        throw new Error('a route that throws before it answers');
      },
    },
  });
});
afterAll(async () => {
  await shipgate.stop();
});

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

/** Validly signed bodies that no Slack request looks like. */
const malformed: [string, string, string][] = [
  ['payload=null', 'payload=null', FORM],
  ['payload= a number', 'payload=42', FORM],
  ['payload= a string', `payload=${encodeURIComponent('"block_actions"')}`, FORM],
  ['payload= an array', `payload=${encodeURIComponent('[{"type":"block_actions"}]')}`, FORM],
  ['payload= an object without a type', `payload=${encodeURIComponent('{"user":{"id":"U0ALICE"}}')}`, FORM],
  ['payload= that is not JSON', 'payload=%7Bnot-json', FORM],
  ['payload= given twice', 'payload=%7B%7D&payload=%7B%7D', FORM],
  ['a form without a command', 'text=help&user_id=U0ALICE', FORM],
  ['a form whose command is given twice', 'command=%2Fdeploy&command=%2Fincident&text=help', FORM],
  ['a JSON null', 'null', JSON_TYPE],
  ['a JSON number', '7', JSON_TYPE],
  ['a JSON array', '[{"type":"event_callback"}]', JSON_TYPE],
  ['a JSON object without a type', '{"event":{"type":"app_mention"}}', JSON_TYPE],
  ['a body that is not JSON', '{"type":', JSON_TYPE],
];

const stillAnswers = async () => {
  const res = await postSigned(shipgate.url, commandBody('/deploy', 'help'));
  expect(res.status).toBe(200);
  expect(((await res.json()) as { text: string }).text).toContain('/deploy &lt;service&gt;');
};

describe('validly signed bodies that are not Slack requests', () => {
  it.each(malformed)(
    'answers %s with 400 and a short reason, and keeps serving',
    async (_name, body, type) => {
      const events = await shipgate.events.count();
      const res = await postSigned(shipgate.url, body, { contentType: type });
      expect(res.status).toBe(400);
      const reason = await res.text();
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(reason.length).toBeGreaterThan(0);
      expect(reason.length).toBeLessThan(120);
      expect(await shipgate.events.count()).toBe(events);
      await stillAnswers();
    },
  );

  it('answers forged malformed bodies with 401, not 400: the signature is checked first', async () => {
    const res = await postSigned(shipgate.url, 'payload=null', { secret: 'not-the-secret' });
    expect(res.status).toBe(401);
    await stillAnswers();
  });

  it('counts malformed bodies under shipgate_slack_requests_total{status="400"}', async () => {
    await postSigned(shipgate.url, 'null', { contentType: JSON_TYPE });
    const metrics = await (await fetch(`${shipgate.url}/metrics`)).text();
    expect(metrics).toMatch(metricLine('shipgate_slack_requests_total', { status: '400' }, AT_LEAST_ONE));
  });
});

describe('a handler that throws synchronously', () => {
  it('answers 500 and the server keeps serving', async () => {
    const res = await fetch(`${shipgate.url}/throws`);
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('internal error');
    expect((await fetch(`${shipgate.url}/healthz`)).status).toBe(200);
    await stillAnswers();
  });
});
