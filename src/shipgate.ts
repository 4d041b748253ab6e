import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { allCommands } from '../commands/index.js';
import { observedOnCall, observedPager } from './adapters/pagerduty/observed-pagerduty.js';
import type { PagerDutyEvents } from './adapters/pagerduty/pagerduty-events.js';
import { type Clock, systemClock } from './clock.js';
import { composeRuntime } from './compose-runtime.js';
import type { LoadedConfig } from './config/load-config.js';
import type { OnCallDirectory } from './core/deploys/deploy-ports.js';
import { gatherSecretValues } from './gather-secret-values.js';
import { agentRoutes } from './http/agent-routes.js';
import { createHttpServer, type RouteHandler } from './http/create-http-server.js';
import { PAGERDUTY_WEBHOOK_ROUTE, pagerDutyWebhookRoute } from './http/pagerduty-webhook-route.js';
import { slackRequestGate } from './http/slack-request-gate.js';
import { createLogger, redactSecretValues } from './logger.js';
import { createMetrics, type Metrics, observeOutbox, observeScheduler } from './metrics.js';
import { readinessChecks } from './readiness-checks.js';
import { TimerService } from './scheduler/timer-service.js';
import type { AgentDoor } from './services/agents/agent-door.js';
import { createAgentDoor } from './services/agents/agent-door-service.js';
import { AgentTokens } from './services/agents/agent-tokens.js';
import { answerAuditVerify } from './services/audit/audit-answer.js';
import { BackgroundWork } from './services/background-work.js';
import { DeployService } from './services/deploys/deploy-service.js';
import { applyPagerDutyWebhook } from './services/incidents/incident-pagerduty-webhook.js';
import { IncidentService } from './services/incidents/incident-service.js';
import { OversightService } from './services/oversight/oversight-service.js';
import type { Mailer } from './services/ports/mailer.js';
import { ReadinessService } from './services/readiness/readiness-service.js';
import { ReleaseService } from './services/releases/release-service.js';
import { declareForRollback } from './services/rollback/declare-for-rollback.js';
import { RollbackService } from './services/rollback/rollback-service.js';
import type { Runtime } from './services/runtime.js';
import { ChannelDirectory } from './slack/channel-directory.js';
import { createSlackApp, type SlackApp, type SlackConnection } from './slack/create-slack-app.js';
import { dedupeMiddleware } from './slack/dedupe-middleware.js';
import { MessageSync, SLACK_SYNC, SLACK_THREAD } from './slack/message-sync.js';
import { PostOnce } from './slack/post-once.js';
import { registerCommands } from './slack/register-commands.js';
import { registerDeployActions } from './slack/register-deploy-actions.js';
import { registerEvents } from './slack/register-events.js';
import { registerIncidentActions } from './slack/register-incident-actions.js';
import { registerIncidentEvents } from './slack/register-incident-events.js';
import { registerLiveMessages } from './slack/register-live-messages.js';
import { registerReadinessActions } from './slack/register-readiness-actions.js';
import { registerRollbackActions } from './slack/register-rollback-actions.js';
import { SLACK_CALL, SlackOutbox } from './slack/slack-outbox.js';
import { slackDeliveryPolicy } from './slack/slack-retry-policy.js';
import { trackListeners } from './slack/track-listeners.js';
import { AgentTokenRepository } from './store/agent-token-repository.js';
import { AuditRepository } from './store/audit-repository.js';
import type { Db } from './store/database.js';
import { EventLog } from './store/event-log.js';
import { openStore, type Store } from './store/open-store.js';
import { OutboxBacklog } from './store/outbox-backlog.js';
import { SignatureLedger } from './store/signature-ledger.js';
import { SlackAttemptLog } from './store/slack-attempt-log.js';
import { SlackMessageRepository } from './store/slack-message-repository.js';
import { SqlInboundLedger } from './store/sql/sql-inbound-ledger.js';
import { UpstreamHealth } from './upstream-health.js';

/** Everything needed to run one Shipgate process. */
export interface ShipgateOptions {
  /** The validated configuration (main file plus environment policies). */
  readonly config: LoadedConfig;
  /** The SQLite file, used when there is no `databaseUrl`. */
  readonly dbPath: string;
  /** `postgres://…` (`SHIPGATE_DATABASE_URL`): run on PostgreSQL, beside any other replicas on it. */
  readonly databaseUrl?: string | undefined;
  /** PostgreSQL connections this replica keeps at most (`SHIPGATE_DATABASE_POOL`). */
  readonly databasePoolSize?: number;
  /**
   * This replica's name (`SHIPGATE_REPLICA_ID`; the host name by default): a `replica` label on every series of
   * `/metrics` and a field of `/readyz` when it is given or the store is PostgreSQL (a lone SQLite process keeps its
   * series as they were), and part of its timer leases' owner.
   */
  readonly replicaId?: string | undefined;
  readonly slack: SlackConnection;
  /**
   * How long a timer's lease lasts (default 60 s): on PostgreSQL, how long the timers a dead replica held wait before
   * another replica runs them. Renewed while handlers run; keep it above two safety sweeps (10 s).
   */
  readonly timerLeaseMs?: number;
  /**
   * Seconds between the scheduler's safety sweeps (default 5), which also renew the leases of running handlers: a
   * shorter lease (tests of failover) needs shorter sweeps, keeping the lease above two of them.
   */
  readonly timerSweepSeconds?: number;
  /** HTTP port; 0 picks a free one (tests). */
  readonly port?: number;
  readonly host?: string;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Start the durable-timer scheduler (default true); tests with a fake clock call `timers.tick()` instead. */
  readonly startScheduler?: boolean;
  readonly routes?: Readonly<Record<string, RouteHandler>>;
  /** PagerDuty's on-call, when configured; the config's on-call members are used otherwise. */
  readonly onCallDirectory?: OnCallDirectory;
  /** Environment for deploy adapters (`pass_env`, HTTP secrets); `process.env` by default. */
  readonly env?: NodeJS.ProcessEnv;
  /** PagerDuty's Events API, when paging is configured (its routing key is set). */
  readonly pager?: PagerDutyEvents;
  /**
   * Signing secret of PagerDuty's v3 webhook subscription (`PAGERDUTY_WEBHOOK_SECRET`): when set, `POST
   * /pagerduty/webhook` reflects acknowledgements, assignments and resolutions onto incident cards.
   */
  readonly pagerDutyWebhookSecret?: string;
  /** Pause between SIGTERM and SIGKILL for timed-out commands (tests shorten it). */
  readonly killGraceMs?: number;
  /** Email after a rollback (`notifications.email`); `main.ts` builds it from `smtp_url_env`. */
  readonly mailer?: Mailer;
  /** Replaces the agent door served at `/api/v1` and `/mcp` (tests of the HTTP layer); the real one by default. */
  readonly agentDoor?: (runtime: Runtime) => AgentDoor;
}

/** Finished Slack attempts are forgotten after 30 days (their retries ended long before). */
const ATTEMPTS_KEPT_MS = 30 * 24 * 3_600_000;

/** A running Shipgate: its parts are exposed for tests and the sandbox. */
export interface Shipgate {
  readonly config: LoadedConfig;
  readonly url: string;
  readonly server: Server;
  readonly slack: SlackApp;
  /** The store this replica runs on. */
  readonly store: Store;
  /** The SQLite handle, for tests and tools that look into the file; throws on PostgreSQL. */
  readonly db: Db;
  /** This replica's name. */
  readonly replicaId: string;
  readonly events: EventLog;
  readonly timers: TimerService;
  readonly outbox: SlackOutbox;
  readonly sync: MessageSync;
  /** The one object every workflow runs on (configuration, clock and ports). */
  readonly runtime: Runtime;
  readonly deploys: DeployService;
  readonly incidents: IncidentService;
  readonly work: BackgroundWork;
  readonly metrics: Metrics;
  /** Recent failed calls to Slack and PagerDuty (shown by /readyz, counted in /metrics). */
  readonly upstreams: UpstreamHealth;
  /** Agent tokens and the agents' emergency stop. */
  readonly agents: AgentTokens;
  readonly logger: Logger;
  stop(): Promise<void>;
}

/**
 * The composition root: database → scheduler (taking over the leases of processes that are gone) → Slack app →
 * HTTP server. Returns once the server listens (and, in Socket Mode, once the socket is connected) and overdue
 * timers have had their first tick. Every call to Slack and PagerDuty has the configured `timeouts`.
 */
export async function startShipgate(options: ShipgateOptions): Promise<Shipgate> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger();
  const env = options.env ?? process.env;
  const secrets = gatherSecretValues(options.config.config, env, [
    options.slack.botToken,
    options.slack.signingSecret,
    options.slack.appToken,
    options.pagerDutyWebhookSecret,
  ]);
  if (!redactSecretValues(logger, secrets) && secrets.size > 0)
    logger.warn(
      'this logger was not made by createLogger: configured secret values are not redacted from it',
    );
  const store = await openStore({
    databaseUrl: options.databaseUrl,
    dbPath: options.dbPath,
    secrets,
    ...(options.databasePoolSize ? { poolSize: options.databasePoolSize } : {}),
  });
  const replicaId = options.replicaId ?? hostname();
  const labelled = options.replicaId !== undefined || store.dialect === 'postgres';
  const metrics = createMetrics(labelled ? { replica: replicaId } : {});
  const runner = store.runner;
  const events = new EventLog(runner);
  const timers = new TimerService(runner, clock, {
    owner: `${replicaId}:${process.pid}:${randomUUID().slice(0, 8)}`,
    ...(store.armedSignals ? { armedSignals: store.armedSignals } : {}),
    ...(options.timerLeaseMs ? { leaseMs: options.timerLeaseMs } : {}),
    ...(options.timerSweepSeconds ? { sweepSeconds: options.timerSweepSeconds } : {}),
    onError: (err, timer) => logger.error({ err, timer: timer.id, kind: timer.kind }, 'timer gave up'),
    onFired: (timer) => metrics.timersFired.inc({ kind: timer.kind }),
    onLeaseLost: (timer) =>
      logger.warn(
        { timer: timer.id, kind: timer.kind, subject: timer.subject },
        'a timer handler ended but its claim no longer held (its lease ran out: did this replica stall? or the timer was cancelled meanwhile); its outcome is not recorded',
      ),
    onTickError: (err) => logger.error({ err }, 'scheduler tick failed'),
  });
  const adopted = await timers.adoptStaleLeases();
  if (adopted.length > 0)
    logger.warn({ leases: adopted }, 'took over the timer leases of processes that are gone');
  observeScheduler(metrics, () => timers.health());
  const outboxBacklog = new OutboxBacklog(runner, [SLACK_CALL, SLACK_SYNC, SLACK_THREAD]);
  observeOutbox(
    metrics,
    () => outboxBacklog.size(),
    () => clock.now().getTime(),
  );
  const upstreams = new UpstreamHealth(metrics.upstreamErrors);
  const { timeouts } = options.config.config;
  const ledger = new SqlInboundLedger(runner);
  const connection = { ...options.slack, timeoutMs: timeouts.slack.ms, onUpstreamError: upstreams.record };
  const work = new BackgroundWork(logger);
  const slack = createSlackApp(connection, logger, [
    trackListeners(work),
    dedupeMiddleware(ledger, clock, () => metrics.commands.inc({ command: 'any', outcome: 'duplicate' })),
  ]);
  slack.app.error(async (err) => {
    logger.error({ err }, 'unhandled error in a Slack listener');
  });
  const attempts = new SlackAttemptLog(runner);
  await attempts.prune(new Date(clock.now().getTime() - ATTEMPTS_KEPT_MS));
  const channels = new ChannelDirectory(slack.app.client);
  const once = new PostOnce(
    slack.app.client,
    attempts,
    channels,
    options.slack.botUserId,
    () => clock.now(),
    logger,
  );
  const delivery = slackDeliveryPolicy(options.config.config.outbox.retry_for.ms, () => clock.now());
  const outbox = new SlackOutbox(timers, slack.app.client, logger, once, delivery);
  const sync = new MessageSync(
    timers,
    slack.app.client,
    new SlackMessageRepository(runner),
    logger,
    once,
    delivery,
  );
  const runtime = composeRuntime({
    config: options.config,
    runner,
    work,
    events,
    timers,
    clock,
    logger,
    slack: slack.app.client,
    sync,
    outbox,
    slackOnce: { once, channels, attempts, botUserId: options.slack.botUserId },
    onCallDirectory: options.onCallDirectory && observedOnCall(options.onCallDirectory, upstreams.record),
    pager: options.pager && observedPager(options.pager, upstreams.record),
    env,
    secrets,
    ...(options.killGraceMs ? { killGraceMs: options.killGraceMs } : {}),
    ...(options.mailer ? { mailer: options.mailer } : {}),
  });
  const deploys = new DeployService(runtime);
  const incidents = new IncidentService(runtime);
  const rollbacks = new RollbackService(runtime, declareForRollback(incidents));
  const readiness = new ReadinessService(runtime);
  registerLiveMessages(sync, { deploys, incidents, readiness }, secrets);
  // Agent door (issue #11): tokens read from SQLite per request, the boundary checked in the services.
  const agents = new AgentTokens({
    registry: new AgentTokenRepository(runner),
    events,
    clock,
    tx: runtime.tx,
  });
  const auditLog = new AuditRepository(runner);
  const oversight = new OversightService(runtime, agents, async () => await answerAuditVerify(auditLog));
  const door = options.agentDoor
    ? options.agentDoor(runtime)
    : createAgentDoor(runtime, { deploys, rollbacks, incidents });
  const commands = allCommands({
    deploys,
    incidents,
    rollbacks,
    readiness,
    releases: new ReleaseService(runtime),
    oversight,
  });
  registerCommands(slack.app, commands, metrics, logger, secrets);
  registerEvents(slack.app, commands, outbox, clock);
  registerDeployActions(slack.app, deploys, logger, secrets);
  registerRollbackActions(slack.app, rollbacks, logger, secrets);
  registerIncidentActions(slack.app, incidents, logger, secrets);
  registerReadinessActions(slack.app, readiness, logger, secrets);
  registerIncidentEvents(slack.app, incidents, logger, secrets);

  const routes: Record<string, RouteHandler> = { ...options.routes };
  if (options.pagerDutyWebhookSecret) {
    routes[PAGERDUTY_WEBHOOK_ROUTE] = pagerDutyWebhookRoute({
      secret: options.pagerDutyWebhookSecret,
      logger: logger.child({ component: 'pagerduty-webhook' }),
      handle: async (event) => await applyPagerDutyWebhook(runtime, ledger, event),
    });
  }
  const agentPrefixes = agentRoutes({
    door,
    tokens: agents,
    rateLimit: options.config.config.agents.rate_limit,
    logger: logger.child({ component: 'agents' }),
  });
  const signingSecret = options.slack.signingSecret;
  const server = createHttpServer({
    receiver: slack.receiver,
    ...(slack.receiver && signingSecret
      ? {
          slackGate: slackRequestGate({
            signingSecret,
            seen: new SignatureLedger(runner),
            logger: logger.child({ component: 'slack-gate' }),
          }),
        }
      : {}),
    metrics,
    logger,
    routes,
    prefixes: agentPrefixes,
    ...(labelled ? { replica: replicaId } : {}),
    readiness: readinessChecks({
      database: () => store.health(),
      scheduler: () => timers.health(),
      schedulerExpected: options.startScheduler !== false,
      upstreams,
      outbox: () => outboxBacklog.size(),
      now: () => clock.now().getTime(),
    }),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 3000, options.host ?? '0.0.0.0', () => resolve());
  });
  if (slack.mode === 'socket') await slack.app.start();
  deploys.recover();
  reportNonHumanRoleMembers(runtime);
  if (options.startScheduler !== false) timers.start();
  const address = server.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1';
  return {
    config: options.config,
    url: `http://${host}:${address.port}`,
    server,
    slack,
    store,
    get db(): Db {
      if (!store.sqlite)
        throw new Error(`this Shipgate runs on PostgreSQL (${store.location}), not a SQLite file`);
      return store.sqlite;
    },
    replicaId,
    events,
    timers,
    outbox,
    sync,
    runtime,
    deploys,
    incidents,
    work,
    metrics,
    upstreams,
    agents,
    logger,
    async stop() {
      await timers.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await work.idle();
      if (slack.mode === 'socket') await slack.app.stop();
      server.closeAllConnections();
      await closed;
      await work.idle();
      await store.close();
    },
  };
}

/**
 * Asks Slack, once at start-up and in the background, which role members are bots or apps: they are left out
 * wherever Shipgate offers approvers, and logged so an operator can fix the config.
 */
function reportNonHumanRoleMembers(runtime: Runtime): void {
  runtime.work.start('role member check', async () => {
    const found = await runtime.roster.refresh(runtime.clock.now());
    for (const member of found)
      runtime.logger.warn(
        { role: member.role, user: member.user, kind: member.kind },
        'a role member is not a person; Shipgate never offers them as an approver',
      );
  });
}
