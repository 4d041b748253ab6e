import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { PagerDutyEvents } from './adapters/pagerduty/pagerduty-events.js';
import { PagerDutyOnCall } from './adapters/pagerduty/pagerduty-on-call.js';
import { sandboxStateFile } from './cli/say.js';
import type { LoadedConfig } from './config/load-config.js';
import { startConsoleServer } from './console/console-server.js';
import type { DemoControl } from './console/demo-control.js';
import { readManifestCommands } from './console/manifest-commands.js';
import type { RuntimeEnv } from './runtime-env.js';
import { PagerDutyStandIn } from './sandbox/pagerduty/pagerduty-stand-in.js';
import { SlackStandIn } from './sandbox/slack-stand-in.js';
import { keepWorkspace } from './sandbox/workspace-file.js';
import { sandboxDatabase, sandboxWorkspaceFile } from './sandbox-database.js';
import { startShipgate } from './shipgate.js';

/** Who the sandbox's PagerDuty says is on call for every service: carol, as in the example config. */
const SANDBOX_ON_CALL = { id: 'PUCAROL', name: 'Carol', email: 'carol@example.com' };

/** The Events API routing key of the sandbox's PagerDuty (32 characters, as PagerDuty's are). */
const SANDBOX_ROUTING_KEY = 'sandboxRoutingKey000000000000000';

/** A running sandbox: Shipgate wired to a local Slack stand-in. */
export interface Sandbox {
  readonly standIn: SlackStandIn;
  /** The web console's address (`http://127.0.0.1:PORT`). */
  readonly consoleUrl: string;
  stop(): Promise<void>;
}

/**
 * Sandbox mode (no Slack tokens): starts the Slack stand-in with the demo workspace and a PagerDuty stand-in that
 * names carol as on call, then Shipgate pointed at both with a fresh signing secret, and prints one line saying so and how to talk to it. The stand-in's address is
 * written to sandbox.json beside the database for `npx shipgate say`.
 */
export async function startSandbox(
  env: RuntimeEnv,
  config: LoadedConfig,
  logger: Logger,
  options: { demo?: DemoControl } = {},
): Promise<Sandbox> {
  const signingSecret = randomBytes(16).toString('hex');
  const standIn = await SlackStandIn.start({ port: env.SHIPGATE_SANDBOX_PORT, seed: true });
  const kept = keepWorkspace(standIn.state, sandboxWorkspaceFile());
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
    dbPath: sandboxDatabase(),
    port: env.PORT,
    host: '127.0.0.1',
    logger,
    slack: {
      botToken: standIn.state.identity.botToken,
      botId: standIn.state.identity.botId,
      botUserId: standIn.state.identity.botUserId,
      signingSecret,
      apiUrl: standIn.apiUrl,
    },
  });
  standIn.connectBot({ url: `${shipgate.url}/slack/events`, signingSecret });
  const stateFile = sandboxStateFile();
  mkdirSync(dirname(stateFile), { recursive: true });
  writeFileSync(stateFile, `${JSON.stringify({ url: standIn.url, shipgate: shipgate.url })}\n`);
  // --- Web console (issue #12): a browser view of the stand-in on 127.0.0.1 only; Break/Heal when a demo runs.
  const webConsole = await startConsoleServer({
    standIn,
    roles: config.config.roles,
    ...readManifestCommands(fileURLToPath(new URL('../manifest.yml', import.meta.url))),
    ...(options.demo ? { demo: options.demo } : {}),
    port: env.SHIPGATE_CONSOLE_PORT,
  });
  // --- end of the web console block.
  process.stdout.write(
    `Shipgate sandbox: no Slack tokens set, so Shipgate (${shipgate.url}) is talking to a local Slack stand-in at ${standIn.url} — open the console at ${webConsole.url} (binds to 127.0.0.1 only) or try: npx shipgate say --as alice "/deploy help"\n`,
  );
  return {
    standIn,
    consoleUrl: webConsole.url,
    async stop() {
      await webConsole.stop();
      await shipgate.stop();
      kept.stop();
      await standIn.stop();
      await pagerduty.stop();
    },
  };
}
