import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpHealthProbe } from '../../../src/adapters/metrics/http-health-probe.js';
import { type DemoMetricsService, startDemoMetricsService } from '../../support/demo-metrics-service.js';
import { startLoopback } from '../adapters/loopback-server.js';

describe('HttpHealthProbe', () => {
  const probe = new HttpHealthProbe();
  let demo: DemoMetricsService;

  beforeAll(async () => {
    demo = await startDemoMetricsService();
  });

  afterAll(async () => {
    await demo.stop();
  });

  it('is ok for the expected status, with the time it took', async () => {
    const reading = await probe.check(demo.healthUrl(), 200, 2_000);
    expect(reading).toEqual({
      ok: true,
      status: 200,
      detail: `200 in ${reading.durationMs} ms`,
      durationMs: expect.any(Number),
    });
    expect(reading.durationMs).toBeLessThan(2_000);
  });

  it('is not ok for another status, and says which was expected', async () => {
    demo.setHealth(503, 'green');
    const reading = await probe.check(demo.healthUrl('green'), 200, 2_000);
    expect(reading).toMatchObject({ ok: false, status: 503 });
    expect(reading.detail).toBe(`503 in ${reading.durationMs} ms (expected 200)`);
    expect(await probe.check(demo.healthUrl('blue'), 200, 2_000)).toMatchObject({ ok: true, status: 200 });
  });

  it('takes the status it was told to expect', async () => {
    demo.setHealth(503, 'canary');
    expect(await probe.check(demo.healthUrl('canary'), 503, 2_000)).toMatchObject({ ok: true, status: 503 });
    expect(await probe.check(demo.healthUrl('stable'), 204, 2_000)).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/^200 in \d+ ms \(expected 204\)$/),
    });
  });

  it('does not follow a redirect', async () => {
    const server = await startLoopback(() => ({ status: 302 }));
    try {
      expect(await probe.check(`${server.url}/healthz`, 200, 2_000)).toMatchObject({
        ok: false,
        status: 302,
        detail: expect.stringMatching(/^302 in \d+ ms \(expected 200\)$/),
      });
    } finally {
      await server.close();
    }
  });

  it('times out on a service that never answers', async () => {
    demo.setHealth('hang', 'stable');
    const reading = await probe.check(demo.healthUrl('stable'), 200, 200);
    expect(reading).toMatchObject({ ok: false, status: undefined, detail: 'timed out after 0.2 s' });
    expect(reading.durationMs).toBeGreaterThanOrEqual(150);
  });

  it('says connection refused when nothing listens', async () => {
    const server = await startLoopback(() => ({ status: 200 }));
    await server.close();
    expect(await probe.check(`${server.url}/healthz`, 200, 2_000)).toMatchObject({
      ok: false,
      status: undefined,
      detail: 'connection refused',
    });
  });

  it('says so for a URL that is not one, without throwing', async () => {
    expect(await probe.check('not a url', 200, 2_000)).toMatchObject({ ok: false, detail: 'invalid URL' });
  });
});
