import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Clock, FakeClock } from '../../src/clock.js';
import { type LoadedConfig, loadConfig } from '../../src/config/load-config.js';
import { createLogger } from '../../src/logger.js';
import { type Shipgate, type ShipgateOptions, startShipgate } from '../../src/shipgate.js';
import { testStore } from './test-store.js';
import { withoutWatch } from './without-watch.js';

/** The signing secret every integration test signs with. */
export const TEST_SIGNING_SECRET = 'test-signing-secret';

/** A fresh temp directory for one test file's SQLite database. */
export function tempDbPath(prefix = 'shipgate-test-'): string {
  return join(mkdtempSync(join(tmpdir(), prefix)), 'shipgate.db');
}

/**
 * Starts a real Shipgate (Bolt over HTTP on 127.0.0.1, real SQLite file, or a PostgreSQL schema of its own under
 * `SHIPGATE_TEST_STORE=postgres` unless `dbPath` is given) for a test. The scheduler is driven by hand
 * (`timers.tick()`) with a fake clock unless told otherwise; Slack Web API calls go to `apiUrl`. `databaseUrl` is
 * its connection string when it runs on PostgreSQL (for the CLIs a test runs on the same store).
 */
export async function startTestShipgate(
  options: {
    apiUrl?: string;
    dbPath?: string;
    /** Runs on this PostgreSQL database (a schema the caller made and drops) whatever `SHIPGATE_TEST_STORE` says. */
    databaseUrl?: string;
    clock?: Clock;
    startScheduler?: boolean;
    config?: LoadedConfig;
    routes?: ShipgateOptions['routes'];
    logger?: ShipgateOptions['logger'];
    pagerDutyWebhookSecret?: string;
    agentDoor?: ShipgateOptions['agentDoor'];
    replicaId?: string;
  } = {},
): Promise<Shipgate & { dbPath: string; databaseUrl: string | undefined }> {
  const dbPath = options.dbPath ?? tempDbPath();
  const store =
    options.dbPath || options.databaseUrl
      ? { databaseUrl: options.databaseUrl, drop: async () => undefined }
      : await testStore('shipgate');
  const shipgate = await startShipgate({
    ...(store.databaseUrl ? { databaseUrl: store.databaseUrl } : {}),
    config: options.config ?? withoutWatch(loadConfig('config/shipgate.example.yml')),
    dbPath,
    port: 0,
    host: '127.0.0.1',
    clock: options.clock ?? new FakeClock(),
    logger: options.logger ?? createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    startScheduler: options.startScheduler ?? false,
    ...(options.routes ? { routes: options.routes } : {}),
    ...(options.pagerDutyWebhookSecret ? { pagerDutyWebhookSecret: options.pagerDutyWebhookSecret } : {}),
    ...(options.agentDoor ? { agentDoor: options.agentDoor } : {}),
    ...(options.replicaId ? { replicaId: options.replicaId } : {}),
    slack: {
      botToken: 'xoxb-sandbox',
      botId: 'B0SHIPGATE',
      botUserId: 'U0SHIPGATE',
      signingSecret: TEST_SIGNING_SECRET,
      apiUrl: options.apiUrl ?? 'http://127.0.0.1:9/api/',
      retries: 0,
    },
  });
  const stop = shipgate.stop.bind(shipgate);
  return Object.assign(shipgate, {
    dbPath,
    databaseUrl: store.databaseUrl,
    async stop() {
      await stop();
      await store.drop();
    },
  });
}
