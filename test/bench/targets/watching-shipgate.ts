import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../../src/config/load-config.js';
import { createLogger } from '../../../src/logger.js';
import { WATCH_TIMERS, watchSubject } from '../../../src/services/watch/watch-timers.js';
import { startShipgate } from '../../../src/shipgate.js';
import { seedLiveVersion, seedWatchingDeploy } from '../seed-deploys.js';
import { watchedConfig } from '../watched-config.js';
import { serveLoadProbe } from './load-probe.js';

/**
 * Shipgate as in production (real clock, scheduler started, SQLite file in WAL mode) with `BENCH_WATCHES`
 * blue-green deploys in their post-deploy watch, one per service `svc-000`…, all watched with the bench's watch
 * block (a sample every 10 s: two Prometheus queries and one health request). Prometheus, the health URLs and Slack
 * are the bench's loopback stand-ins (`BENCH_PROMETHEUS_URL`, `BENCH_HEALTH_URL`, `BENCH_SLACK_API_URL`). The
 * watches are entered through Shipgate's own `captureBaseline` and `beginWatch`; their first samples are then
 * spread evenly over one interval, as deploys finishing at different times would be. With `BENCH_WATCHES=0` the
 * same services are configured and nothing is watched: the idle baseline. Prints `{"url":…}` once ready and
 * answers the bench's load probe.
 */
serveLoadProbe();
const watches = Number(process.env.BENCH_WATCHES ?? 200);
const services = Array.from(
  { length: Number(process.env.BENCH_SERVICES ?? 200) },
  (_, i) => `svc-${String(i).padStart(3, '0')}`,
);
const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));
const shipgate = await startShipgate({
  config: watchedConfig(
    loadConfig(join(fixtures, 'watch-shipgate.yml')),
    {
      prometheusUrl: process.env.BENCH_PROMETHEUS_URL ?? 'http://127.0.0.1:9',
      healthUrl: process.env.BENCH_HEALTH_URL ?? 'http://127.0.0.1:9',
    },
    services,
  ),
  dbPath: join(mkdtempSync(join(tmpdir(), 'shipgate-bench-watch-')), 'shipgate.db'),
  port: 0,
  host: '127.0.0.1',
  logger: createLogger({ level: 'error' }),
  env: { PATH: process.env.PATH ?? '' },
  slack: {
    botToken: 'xoxb-bench',
    botId: 'B0SHIPGATE',
    botUserId: 'U0SHIPGATE',
    signingSecret: 'bench-watch-secret',
    apiUrl: process.env.BENCH_SLACK_API_URL ?? 'http://127.0.0.1:9/api/',
    retries: 0,
  },
});
const rt = shipgate.runtime;
const intervalMs = rt.config.config.services.checkout?.watch?.interval.ms ?? 10_000;
const now = rt.clock.now().getTime();
for (const [i, service] of services.slice(0, watches).entries()) {
  await seedLiveVersion(rt, service, '1.0.0', 'blue');
  const id = await seedWatchingDeploy(rt, service, '1.0.1', '1.0.0', 'blue');
  await rt.timers.cancelFor(watchSubject(id), WATCH_TIMERS.sample);
  await rt.timers.arm(
    WATCH_TIMERS.sample,
    watchSubject(id),
    new Date(now + ((i + 1) * intervalMs) / watches),
    {
      deployId: id,
    },
  );
}
process.stdout.write(`${JSON.stringify({ url: `${shipgate.url}/slack/events` })}\n`);
