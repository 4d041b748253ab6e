import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config/load-config.js';
import { createLogger } from '../../../src/logger.js';
import { startShipgate } from '../../../src/shipgate.js';
import { serveLoadProbe } from './load-probe.js';

/**
 * Shipgate as it runs in production (HTTP mode, real SQLite file in WAL mode, scheduler on), on a free port; with
 * `BENCH_DATABASE_URL` a replica on that PostgreSQL database instead (named `BENCH_REPLICA_ID`), beside any others.
 * Prints its Slack endpoint as one JSON line on stdout and answers the bench's load probe (CPU, event-loop delay).
 */
serveLoadProbe();
const secret = process.env.BENCH_SIGNING_SECRET ?? 'bench-secret';
const shipgate = await startShipgate({
  config: loadConfig('config/shipgate.example.yml'),
  dbPath: join(mkdtempSync(join(tmpdir(), 'shipgate-bench-')), 'shipgate.db'),
  databaseUrl: process.env.BENCH_DATABASE_URL || undefined,
  replicaId: process.env.BENCH_REPLICA_ID || undefined,
  port: 0,
  host: '127.0.0.1',
  logger: createLogger({ level: 'error' }),
  slack: {
    botToken: 'xoxb-bench',
    botId: 'B0BENCH',
    botUserId: 'U0BENCH',
    signingSecret: secret,
    apiUrl: 'http://127.0.0.1:9/api/',
  },
});
process.stdout.write(`${JSON.stringify({ url: `${shipgate.url}/slack/events` })}\n`);
