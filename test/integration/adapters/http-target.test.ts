import { afterEach, describe, expect, it } from 'vitest';
import {
  HttpTarget,
  type HttpTargetConfig,
  verifyShipgateSignature,
} from '../../../src/adapters/deploy/http-target.js';
import { FakeClock } from '../../../src/clock.js';
import type { PlanStep, StepContext } from '../../../src/core/deploys/deploy-types.js';
import { type Answer, type LoopbackServer, type Received, startLoopback } from './loopback-server.js';

const SECRET = 'deployer-shared-secret';
const clock = new FakeClock('2026-11-24T10:00:00Z');
const servers: LoopbackServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const context: StepContext = {
  deployId: 'dep-42',
  service: 'checkout',
  version: '2.5.4+build.7',
  previousVersion: undefined,
  env: 'production',
};
const switchStep: PlanStep = { id: 'switch-green', kind: 'switch_traffic', label: 'Switch', color: 'green' };

async function serve(handler: (request: Received) => Answer): Promise<LoopbackServer> {
  const server = await startLoopback(handler);
  servers.push(server);
  return server;
}

function target(
  config: Partial<HttpTargetConfig> & { url: string },
  env: Record<string, string> = { DEPLOYER_SECRET: SECRET },
) {
  return new HttpTarget(
    'checkout',
    { adapter: 'http', secret_env: 'DEPLOYER_SECRET', ...config },
    { env, clock },
  );
}

const ms = (n: number) => ({ ms: n, text: `${n}ms` });

function signedBy(secret: string, request: Received): boolean {
  const timestamp = String(request.headers['x-shipgate-timestamp']);
  return verifyShipgateSignature(
    secret,
    timestamp,
    request.body,
    request.headers['x-shipgate-signature'] as string,
  );
}

describe('HttpTarget', () => {
  it('POSTs the step as signed JSON to the filled URL and accepts a 2xx', async () => {
    const server = await serve((request) =>
      signedBy(SECRET, request)
        ? { status: 202, body: '{"accepted":true}' }
        : { status: 401, body: 'bad signature' },
    );
    const outcome = await target({ url: `${server.url}/deploy/{service}/{version}?env={env}` }).runStep(
      switchStep,
      context,
    );

    expect(outcome).toMatchObject({
      ok: true,
      timedOut: false,
      summary: expect.stringMatching(/^HTTP 202 in /),
    });
    const [request] = server.received;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/deploy/checkout/2.5.4%2Bbuild.7?env=production');
    expect(JSON.parse(request?.body ?? '')).toEqual({
      deploy_id: 'dep-42',
      service: 'checkout',
      version: '2.5.4+build.7',
      previous_version: null,
      env: 'production',
      step: 'switch_traffic',
      color: 'green',
      percent: null,
    });
    expect(request?.headers['x-shipgate-timestamp']).toBe(String(Date.parse('2026-11-24T10:00:00Z') / 1000));
    expect(request && signedBy(SECRET, request)).toBe(true);
    expect(request && signedBy('another-secret', request)).toBe(false);
  });

  it('refuses to send anything when the secret variable is not set', async () => {
    const server = await serve(() => ({ status: 200 }));
    const outcome = await target({ url: `${server.url}/deploy` }, {}).runStep(switchStep, context);

    expect(outcome).toMatchObject({
      ok: false,
      summary: 'DEPLOYER_SECRET is not set, so the switch_traffic request for checkout cannot be signed',
    });
    expect(server.received).toEqual([]);
  });

  it('fails on a non-2xx answer with the status and an excerpt of the body', async () => {
    const server = await serve(() => ({ status: 503, body: '{"error":"deployer in maintenance"}' }));
    const outcome = await target({ url: `${server.url}/deploy` }).runStep(switchStep, context);

    expect(outcome.ok).toBe(false);
    expect(outcome.summary).toMatch(/^HTTP 503 after \d+\.\d s$/);
    expect(outcome.output).toBe(`POST ${server.url}/deploy → 503\n{"error":"deployer in maintenance"}`);
  });

  it('polls the status URL with signed GETs until it says succeeded', async () => {
    let polls = 0;
    const server = await serve((request) => {
      if (request.method === 'POST') return { status: 202 };
      polls += 1;
      return { status: 200, body: JSON.stringify({ status: polls < 3 ? 'running' : 'succeeded' }) };
    });
    const outcome = await target({
      url: `${server.url}/deploy`,
      status_url: `${server.url}/status/{deploy_id}`,
      poll_every: ms(20),
    }).runStep(switchStep, context);

    expect(outcome).toMatchObject({ ok: true, summary: expect.stringMatching(/^succeeded after /) });
    expect(outcome.output).toBe(`POST ${server.url}/deploy → 202\nstatus running\nstatus succeeded`);
    const gets = server.received.filter((r) => r.method === 'GET');
    expect(gets.map((r) => r.url)).toEqual(['/status/dep-42', '/status/dep-42', '/status/dep-42']);
    for (const get of gets) expect(signedBy(SECRET, get)).toBe(true);
  });

  it('fails when the status URL says failed, keeping its message', async () => {
    const server = await serve((request) =>
      request.method === 'POST'
        ? { status: 200 }
        : { status: 200, body: '{"status":"failed","message":"green pods crash-looping"}' },
    );
    const outcome = await target({
      url: `${server.url}/deploy`,
      status_url: `${server.url}/status`,
      poll_every: ms(10),
    }).runStep(switchStep, context);

    expect(outcome.ok).toBe(false);
    expect(outcome.summary).toMatch(/^failed after /);
    expect(outcome.output).toContain('status failed: green pods crash-looping');
  });

  it('keeps polling through status errors and times out with the last status', async () => {
    let polls = 0;
    const server = await serve((request) => {
      if (request.method === 'POST') return { status: 202 };
      polls += 1;
      return polls === 1
        ? { status: 502, body: 'bad gateway' }
        : { status: 200, body: '{"status":"running"}' };
    });
    const outcome = await target({
      url: `${server.url}/deploy`,
      status_url: `${server.url}/status`,
      poll_every: ms(20),
      timeout: ms(300),
    }).runStep(switchStep, context);

    expect(outcome).toMatchObject({
      ok: false,
      timedOut: true,
      summary: 'timed out after 0.3 s (last status: running)',
    });
    expect(outcome.output).toBe(
      `POST ${server.url}/deploy → 202\nGET ${server.url}/status → 502 bad gateway\nstatus running`,
    );
    expect(polls).toBeGreaterThan(2);
  });

  it('times out when the webhook never answers', async () => {
    const server = await serve(() => 'hang');
    const outcome = await target({ url: `${server.url}/deploy`, timeout: ms(200) }).runStep(
      switchStep,
      context,
    );

    expect(outcome).toMatchObject({ ok: false, timedOut: true, summary: 'timed out after 0.2 s' });
  });

  it('stops when the caller aborts', async () => {
    const server = await serve(() => 'hang');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const outcome = await target({ url: `${server.url}/deploy` }).runStep(
      switchStep,
      context,
      controller.signal,
    );

    expect(outcome).toMatchObject({
      ok: false,
      timedOut: false,
      summary: expect.stringMatching(/^cancelled after/),
    });
  });

  it('says which host it cannot reach', async () => {
    const server = await serve(() => ({ status: 200 }));
    const url = `${server.url}/deploy?token=hidden`;
    await server.close();
    servers.splice(0);
    const outcome = await target({ url }).runStep(switchStep, context);

    expect(outcome).toMatchObject({ ok: false, summary: `cannot reach ${server.url}/deploy: ECONNREFUSED` });
  });
});
