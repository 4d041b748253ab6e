import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoService, startDemoService } from '../../../src/sandbox/demo-service/demo-service.js';

let now = 0;
let demo: DemoService;

beforeAll(async () => {
  demo = await startDemoService({ services: ['checkout'], tickMs: 0, now: () => now, windowMs: 10_000 });
});
afterAll(() => demo.stop());

/** Lets `seconds` of synthetic traffic (100 requests a second) through the switch. */
function pass(seconds: number): void {
  for (let s = 0; s < seconds; s++) {
    now += 1000;
    demo.tick();
  }
}

const get = async (path: string) => {
  const response = await fetch(`${demo.url}${path}`);
  return { status: response.status, text: await response.text() };
};
const json = async (path: string) => JSON.parse((await get(path)).text);
const post = async (path: string, body: unknown) =>
  fetch(`${demo.url}${path}`, { method: 'POST', body: JSON.stringify(body) });

describe('the demo service', () => {
  it('sends all traffic to blue at first and reports healthy figures', async () => {
    pass(10);
    const state = await json('/admin/checkout');
    expect(state).toMatchObject({ live: 'blue', weights: { blue: 100, green: 0 }, broken: [], canary: null });
    // 100 requests a second through the switch, and 5 probes a second on each colour.
    expect(state.requests).toEqual({ blue: 1050, green: 50 });
    const blue = await json('/checkout/blue/metrics.json');
    expect(blue).toMatchObject({ requests: 1050, latency_p99: 0.12, throughput: 105 });
    expect(blue.error_rate).toBeCloseTo(0.002, 3);
    expect(blue.orders_per_minute).toBeGreaterThan(0);
    expect(await json('/checkout/green/metrics.json')).toMatchObject({ requests: 50, throughput: 5 });
    expect((await get('/checkout/blue/healthz')).status).toBe(200);
  });

  it('splits traffic by the weights the admin API sets', async () => {
    expect((await post('/admin/checkout/weights', { green: 25 })).status).toBe(200);
    const before = (await json('/admin/checkout')).requests;
    pass(4);
    const after = (await json('/admin/checkout')).requests;
    expect(after.blue - before.blue).toBe(300 + 20);
    expect(after.green - before.green).toBe(100 + 20);
    expect(await json('/checkout/stable/metrics.json')).toMatchObject({ color: 'blue' });
    expect(await json('/checkout/canary/metrics.json')).toMatchObject({ color: 'green' });
  });

  it('breaks and heals a colour: /healthz, the JSON figures and the Prometheus counters follow', async () => {
    await post('/admin/checkout/weights', { green: 100 });
    await post('/admin/checkout/versions', { color: 'green', version: '2.5.4' });
    await post('/admin/checkout/break', { color: 'green' });
    pass(10);
    const health = await get('/checkout/green/healthz');
    expect(health.status).toBe(500);
    expect(JSON.parse(health.text)).toMatchObject({ status: 'broken', color: 'green', version: '2.5.4' });
    const green = await json('/checkout/green/metrics.json');
    expect(green.requests).toBe(1050);
    expect(green.error_rate).toBeCloseTo(0.3, 2);
    expect(green.latency_p99).toBe(1.2);
    const text = (await get('/metrics')).text;
    const errors = Number(
      /http_requests_total\{service="checkout",track="green",code="500"\} (\d+)/.exec(text)?.[1],
    );
    expect(errors).toBeGreaterThanOrEqual(300);
    expect(text).toContain(
      'http_request_duration_seconds_bucket{service="checkout",track="green",le="+Inf"}',
    );
    expect(demo.state()[0]?.broken).toEqual(['green']);

    demo.heal('green');
    pass(10);
    expect((await get('/checkout/green/healthz')).status).toBe(200);
    const healed = await json('/checkout/green/metrics.json');
    expect(healed.error_rate).toBeCloseTo(0.002, 3);
    expect(healed.latency_p99).toBe(0.12);
  });

  it('answers a request through the switch from the colour the weights pick', async () => {
    const answer = await json('/checkout/');
    expect(answer).toEqual({ service: 'checkout', color: 'green', version: '2.5.4' });
  });

  it('refuses bad admin calls and unknown services', async () => {
    expect((await post('/admin/checkout/weights', { blue: 140 })).status).toBe(400);
    expect((await post('/admin/checkout/break', { color: 'red' })).status).toBe(400);
    expect((await post('/admin/checkout/explode', {})).status).toBe(404);
    expect((await get('/payments/blue/healthz')).status).toBe(404);
  });
});
