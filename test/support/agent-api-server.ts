import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeClock } from '../../src/clock.js';
import type { Actor } from '../../src/core/actor.js';
import { agentRoutes } from '../../src/http/agent-routes.js';
import { createHttpServer } from '../../src/http/create-http-server.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import type { AgentDoor } from '../../src/services/agents/agent-door.js';
import { AgentTokens } from '../../src/services/agents/agent-tokens.js';
import { AgentTokenRepository } from '../../src/store/agent-token-repository.js';
import { gateOf } from '../../src/store/connection-gate.js';
import { type Db, openDatabase } from '../../src/store/database.js';
import { EventLog } from '../../src/store/event-log.js';
import { SqliteRunner } from '../../src/store/sql/sqlite-runner.js';
import { tempDbPath } from './test-shipgate.js';

/** The operator who adds tokens in tests. */
export const OPERATOR: Actor = { id: 'U0ALICE', kind: 'human' };

/** The agent API and MCP server on Shipgate's own HTTP server, on 127.0.0.1 and a free port, over a real SQLite file. */
export interface AgentApiServer {
  readonly url: string;
  readonly dbPath: string;
  readonly db: Db;
  readonly tokens: AgentTokens;
  readonly events: EventLog;
  readonly clock: FakeClock;
  /** Adds an agent and returns its token. */
  addAgent(name: string, scopes?: string[], channels?: string[]): Promise<string>;
  stop(): Promise<void>;
}

/** Starts the agent routes in front of `door` (the HTTP server Shipgate runs, without Slack). */
export async function startAgentApi(
  door: AgentDoor,
  options: { rateLimit?: number } = {},
): Promise<AgentApiServer> {
  const dbPath = tempDbPath('shipgate-agent-api-');
  const db = openDatabase(dbPath);
  const clock = new FakeClock();
  const gate = gateOf(db);
  const runner = new SqliteRunner(db);
  const events = new EventLog(runner);
  const tokens = new AgentTokens({
    registry: new AgentTokenRepository(runner),
    events,
    clock,
    tx: gate,
  });
  const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const server: Server = createHttpServer({
    receiver: undefined,
    metrics: createMetrics(),
    readiness: async () => ({}),
    logger,
    prefixes: agentRoutes({ door, tokens, rateLimit: options.rateLimit ?? 1_000, logger }),
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    dbPath,
    db,
    tokens,
    events,
    clock,
    async addAgent(name, scopes, channels) {
      const outcome = await tokens.add({ name, scopes, channels }, OPERATOR);
      if (!outcome.ok) throw new Error(outcome.reason);
      return outcome.token;
    },
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      db.close();
    },
  };
}
