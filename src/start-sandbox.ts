import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Logger } from 'pino';
import { PagerDutyEvents } from './adapters/pagerduty/pagerduty-events.js';
import { PagerDutyOnCall } from './adapters/pagerduty/pagerduty-on-call.js';
import { sandboxStateFile } from './cli/say.js';
import type { Clock } from './clock.js';
import type { LoadedConfig } from './config/load-config.js';
import { startConsoleServer } from './console/console-server.js';
import { readManifestCommands } from './console/manifest-commands.js';
import { PACKAGE_ROOT } from './package-root.js';
import type { RuntimeEnv } from './runtime-env.js';
import type { Colour } from './sandbox/demo-service/colour-traffic.js';
import type { DemoAppState } from './sandbox/demo-service/demo-app.js';
import { type DemoService, startDemoService } from './sandbox/demo-service/demo-service.js';
import { type DemoMetrics, demoWatchConfig } from './sandbox/demo-service/demo-watch-config.js';
import { PagerDutyStandIn } from './sandbox/pagerduty/pagerduty-stand-in.js';
import {
  type PrometheusServer,
  prometheusBinary,
  startPrometheus,
} from './sandbox/prometheus/start-prometheus.js';
import { SlackStandIn } from './sandbox/slack-stand-in.js';
import { keepWorkspace } from './sandbox/workspace-file.js';
import { sandboxDatabase, sandboxWorkspaceFile } from './sandbox-database.js';
import { restoreSandboxHistory } from './sandbox-history.js';
import { type Shipgate, startShipgate } from './shipgate.js';

/** Who the sandbox's PagerDuty says is on call for every service: carol, as in the example config. */
const SANDBOX_ON_CALL = { id: 'PUCAROL', name: 'Carol', email: 'carol@example.com' };

/** The Events API routing key of the sandbox's PagerDuty (32 characters, as PagerDuty's are). */
const SANDBOX_ROUTING_KEY = 'sandboxRoutingKey000000000000000';

/** The sandbox's demo service, as the console's Break / Heal controls see it. */
export interface SandboxDemo {
  /** The traffic switch's admin API (`DEMO_SWITCH_URL` of the deploy scripts). */
  readonly url: string;
  /** Where the watch reads the demo's metrics: the sandbox's Prometheus, or the demo's own JSON (`http_json`). */
  readonly metrics: DemoMetrics['kind'];
  /** Raises a colour's error rate (30 %) and latency, in every demo service. */
  break(color: Colour): void;
  heal(color: Colour): void;
  /** Weights, versions, the live and broken colours of every demo service. */
  state(): DemoAppState[];
}

/** A running sandbox: Shipgate wired to a local Slack stand-in, deploying to the demo service. */
export interface Sandbox {
  readonly standIn: SlackStandIn;
  /** The Shipgate process itself (tests with a fake clock tick its timers). */
  readonly shipgate: Shipgate;
  /** The web console's address (`http://127.0.0.1:PORT`). */
  readonly consoleUrl: string;
  readonly demo: SandboxDemo;
  stop(): Promise<void>;
}

/** What a test changes about a sandbox; `npm start` passes none of it. */
export interface SandboxOptions {
  /** Shipgate's clock and the demo traffic's (default: the wall clock). */
  readonly clock?: Clock;
  /** Start the timer scheduler (default true); a test on a fake clock ticks `shipgate.timers` itself. */
  readonly startScheduler?: boolean;
  /** Where the sandbox's files live (`SHIPGATE_SANDBOX_DB`…; default `process.env`). */
  readonly filesEnv?: NodeJS.ProcessEnv;
  /** Read the demo through `http_json` even when a `prometheus` binary is installed (its clock is the wall's). */
  readonly httpJsonOnly?: boolean;
  /** Where the start line goes (default stdout). */
  readonly print?: (line: string) => void;
}

/**
 * The sandbox's metrics: a Prometheus of its own scraping the demo when a `prometheus` binary is installed (and
 * starts), otherwise the demo's JSON endpoints through `http_json`.
 */
async function startDemoMetrics(
  demo: DemoService,
  logger: Logger,
  httpJsonOnly: boolean,
): Promise<{ metrics: DemoMetrics; prometheus?: PrometheusServer }> {
  const binary = httpJsonOnly ? undefined : prometheusBinary();
  if (binary === undefined) return { metrics: { kind: 'http_json' } };
  try {
    const prometheus = await startPrometheus({ targets: [demo.hostPort], binary });
    return { metrics: { kind: 'prometheus', url: prometheus.url }, prometheus };
  } catch (error) {
    logger.warn({ err: error }, 'the sandbox Prometheus did not start; reading the demo through http_json');
    return { metrics: { kind: 'http_json' } };
  }
}

/**
 * Sandbox mode (no Slack tokens): starts the Slack stand-in with the demo workspace and a PagerDuty stand-in that
 * names carol as on call, the demo service the example config deploys to (scripts/*.sh, told its switch by
 * DEMO_SWITCH_URL) with a Prometheus scraping it when one is installed, then Shipgate pointed at all of them with a
 * fresh signing secret and its watch on the demo (see {@link demoWatchConfig}), and prints one line saying so,
 * where metrics come from and how to talk to it. The addresses are written to sandbox.json beside the database
 * for `npx shipgate say`.
 */
export async function startSandbox(
  env: RuntimeEnv,
  loaded: LoadedConfig,
  logger: Logger,
  options: SandboxOptions = {},
): Promise<Sandbox> {
  const signingSecret = randomBytes(16).toString('hex');
  const files = options.filesEnv ?? process.env;
  const clock = options.clock;
  const demo = await startDemoService({
    services: Object.keys(loaded.config.services),
    ...(clock ? { tickMs: 0, now: () => clock.now().getTime() } : {}),
  });
  const { metrics, prometheus } = await startDemoMetrics(demo, logger, options.httpJsonOnly === true);
  const config = demoWatchConfig(loaded, demo, metrics);
  const standIn = await SlackStandIn.start({ port: env.SHIPGATE_SANDBOX_PORT, seed: true });
  const kept = keepWorkspace(standIn.state, sandboxWorkspaceFile(files), {
    onActivity: (listener) => standIn.onActivity(listener),
  });
  const pagerduty = await PagerDutyStandIn.start();
  for (const service of Object.values(config.config.services)) {
    if (!service.pagerduty) continue;
    pagerduty.setOnCall({
      ...(service.pagerduty.schedule_id ? { scheduleId: service.pagerduty.schedule_id } : {}),
      ...(service.pagerduty.escalation_policy_id
        ? { escalationPolicyId: service.pagerduty.escalation_policy_id }
        : {}),
      users: [SANDBOX_ON_CALL],
    });
  }
  const shipgate = await startShipgate({
    config,
    onCallDirectory: new PagerDutyOnCall({
      token: pagerduty.token,
      apiUrl: pagerduty.url,
      retryTimeoutMs: 100,
      timeoutMs: config.config.timeouts.pagerduty.ms,
    }),
    pager: new PagerDutyEvents({
      routingKey: SANDBOX_ROUTING_KEY,
      eventsUrl: pagerduty.url,
      timeoutMs: config.config.timeouts.pagerduty.ms,
    }),
    env: { ...process.env, DEMO_SWITCH_URL: demo.url },
    dbPath: sandboxDatabase(files),
    port: env.PORT,
    host: '127.0.0.1',
    logger,
    ...(clock ? { clock } : {}),
    ...(options.startScheduler === false ? { startScheduler: false } : {}),
    slack: {
      botToken: standIn.state.identity.botToken,
      botId: standIn.state.identity.botId,
      botUserId: standIn.state.identity.botUserId,
      signingSecret,
      apiUrl: standIn.apiUrl,
    },
  });
  standIn.connectBot({ url: `${shipgate.url}/slack/events`, signingSecret });
  await restoreSandboxHistory(shipgate.runtime, config, demo);
  const stateFile = sandboxStateFile(files);
  mkdirSync(dirname(stateFile), { recursive: true });
  writeFileSync(
    stateFile,
    `${JSON.stringify({ url: standIn.url, shipgate: shipgate.url, demo: demo.url, metrics: metrics.kind })}\n`,
  );
  const sandboxDemo: SandboxDemo = {
    url: demo.url,
    metrics: metrics.kind,
    break: (color) => demo.break(color),
    heal: (color) => demo.heal(color),
    state: () => demo.state(),
  };
  // --- Web console (issue #12): a browser view of the stand-in on 127.0.0.1 only, with the demo's Break/Heal.
  const webConsole = await startConsoleServer({
    standIn,
    roles: config.config.roles,
    ...readManifestCommands(join(PACKAGE_ROOT, 'manifest.yml')),
    demo: sandboxDemo,
    port: env.SHIPGATE_CONSOLE_PORT,
  });
  // --- end of the web console block.
  const source =
    metrics.kind === 'prometheus'
      ? `Prometheus at ${metrics.url}`
      : 'its own JSON (http_json, no prometheus on the PATH)';
  (options.print ?? ((line: string) => process.stdout.write(line)))(
    `Shipgate sandbox: no Slack tokens set, so Shipgate (${shipgate.url}) is talking to a local Slack stand-in at ${standIn.url} — open the console at ${webConsole.url} (binds to 127.0.0.1 only) or try: npx shipgate say --as alice "/deploy help"; deploys go to the demo service at ${demo.url}, whose metrics the watch reads from ${source}\n`,
  );
  return {
    standIn,
    shipgate,
    consoleUrl: webConsole.url,
    demo: sandboxDemo,
    async stop() {
      await webConsole.stop();
      await shipgate.stop();
      kept.stop();
      await standIn.stop();
      await pagerduty.stop();
      await prometheus?.stop();
      await demo.stop();
    },
  };
}
