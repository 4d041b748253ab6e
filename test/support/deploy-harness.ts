import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { PagerDutyEvents } from '../../src/adapters/pagerduty/pagerduty-events.js';
import { PagerDutyOnCall } from '../../src/adapters/pagerduty/pagerduty-on-call.js';
import { FakeClock } from '../../src/clock.js';
import { type LoadedConfig, loadConfig } from '../../src/config/load-config.js';
import type { DeployRecord } from '../../src/core/deploys/deploy-record.js';
import { createLogger } from '../../src/logger.js';
import { DEFAULT_STAND_IN_TOKEN, PagerDutyStandIn } from '../../src/sandbox/pagerduty/pagerduty-stand-in.js';
import { SlackStandIn } from '../../src/sandbox/slack-stand-in.js';
import type { Mailer } from '../../src/services/ports/mailer.js';
import { type Shipgate, startShipgate } from '../../src/shipgate.js';
import { IDS } from '../../src/slack/ids.js';
import { TEST_SIGNING_SECRET, tempDbPath } from './test-shipgate.js';
import { type TestStore, testStore } from './test-store.js';
import { withoutWatch } from './without-watch.js';

/** The PagerDuty Events API routing key the tests page with (32 characters, as PagerDuty's are). */
export const TEST_ROUTING_KEY = 'R0UTINGKEY0123456789abcdefABCDEF';

/** Tuesday 2026-11-24 11:00 in Berlin: inside the chapter's production change window. */
export const IN_WINDOW = '2026-11-24T10:00:00Z';

/** One invocation of the fake deploy target. */
export interface TargetCall {
  readonly step: string;
  readonly args: string[];
  readonly at: number;
}

/** Slack stand-in + PagerDuty stand-in + a real Shipgate on the deploy test config, driven by a fake clock. */
export interface DeployHarness {
  readonly slack: SlackStandIn;
  readonly pagerduty: PagerDutyStandIn;
  readonly shipgate: Shipgate;
  readonly clock: FakeClock;
  /** The SQLite file, when the Shipgate runs on one (see `testStore`). */
  readonly dbPath: string;
  /** The connection string of its PostgreSQL schema, when it runs on PostgreSQL (`SHIPGATE_TEST_STORE=postgres`). */
  readonly databaseUrl: string | undefined;
  /** Where its data lives, to hand to a harness that reopens it (`store` option) after `shipgate.stop()`. */
  readonly testStore: TestStore;
  readonly targetLog: string;
  /** Sends `/deploy <text>` as `user` and returns the ack's text. */
  deploy(user: string, text: string): Promise<string>;
  /** Runs background work and due timers (outbox, message syncs) until nothing is left to do. */
  settle(): Promise<void>;
  /** The live message of a deploy, as Slack shows it. */
  message(id: string): Promise<{ ts: string; channel: string; text: string; blocks: unknown[] } | undefined>;
  /** Clicks a deploy's Approve or Reject button as `user`; resolves with what that user was told. */
  click(user: string, id: string, action: 'approve' | 'reject'): Promise<string>;
  /** Clicks Reject as `user` and submits the modal with `reason`; resolves with the modal submission's ack. */
  reject(user: string, id: string, reason: string): Promise<unknown>;
  record(id: string): Promise<DeployRecord>;
  targetCalls(): TargetCall[];
  /** Text of every message in the deploy's thread. */
  thread(id: string): Promise<string[]>;
  stop(): Promise<void>;
}

/** Starts everything for one deploy test file; `env` adds variables for the fake target (e.g. FAKE_TARGET_FAIL). */
export async function startDeployHarness(
  options: {
    env?: Record<string, string>;
    dbPath?: string;
    /** Run on this PostgreSQL database (a test schema's URL) instead of the SQLite file. */
    databaseUrl?: string;
    /**
     * The store of an earlier harness whose Shipgate was stopped (`shipgate.stop()`), to reopen as a restart would:
     * its PostgreSQL schema, if it had one (else the SQLite file `dbPath`). This harness drops it when it stops.
     */
    store?: TestStore;
    clock?: FakeClock;
    slack?: SlackStandIn;
    pagerduty?: PagerDutyStandIn;
    /** Serve `POST /pagerduty/webhook`, verified with this signing secret. */
    pagerDutyWebhookSecret?: string;
    /** Where Shipgate logs (silent unless TEST_LOG_LEVEL says otherwise). */
    logger?: Logger;
    /** Run the real scheduler (woken by its own setTimeout and sweep) instead of only hand-driven ticks. */
    startScheduler?: boolean;
    /** Changes the loaded test config before Shipgate starts (e.g. shorter timeouts). */
    configure?: (config: LoadedConfig) => LoadedConfig;
    /** Email after a rollback (a mailer to the loopback SMTP sink). */
    mailer?: Mailer;
    /** How long a PagerDuty Events API call may take before Shipgate gives up on it (default: the adapter's). */
    pagerTimeoutMs?: number;
  } = {},
): Promise<DeployHarness> {
  const clock = options.clock ?? new FakeClock(IN_WINDOW);
  const slack = options.slack ?? (await SlackStandIn.start({ seed: true }));
  const pagerduty = options.pagerduty ?? (await PagerDutyStandIn.start());
  const dbPath = options.dbPath ?? tempDbPath('shipgate-deploy-');
  const targetLog = join(dbPath, '..', 'target.log');
  const loaded = withoutWatch(loadConfig('test/fixtures/deploy/shipgate.yml'));
  const store: TestStore =
    options.store ??
    (options.databaseUrl
      ? { databaseUrl: options.databaseUrl, drop: async () => undefined }
      : options.dbPath
        ? { drop: async () => undefined }
        : await testStore('deploy'));
  const shipgate = await startShipgate({
    ...(store.databaseUrl ? { databaseUrl: store.databaseUrl } : {}),
    config: options.configure ? options.configure(loaded) : loaded,
    dbPath,
    port: 0,
    host: '127.0.0.1',
    clock,
    startScheduler: options.startScheduler ?? false,
    logger: options.logger ?? createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      FAKE_TARGET_LOG: targetLog,
      PAGERDUTY_TOKEN: DEFAULT_STAND_IN_TOKEN,
      PAGERDUTY_ROUTING_KEY: TEST_ROUTING_KEY,
      ...options.env,
    },
    killGraceMs: 200,
    ...(options.mailer ? { mailer: options.mailer } : {}),
    onCallDirectory: new PagerDutyOnCall({
      token: DEFAULT_STAND_IN_TOKEN,
      apiUrl: pagerduty.url,
      retryTimeoutMs: 1,
    }),
    pager: new PagerDutyEvents({
      routingKey: TEST_ROUTING_KEY,
      eventsUrl: pagerduty.url,
      ...(options.pagerTimeoutMs ? { timeoutMs: options.pagerTimeoutMs } : {}),
    }),
    ...(options.pagerDutyWebhookSecret ? { pagerDutyWebhookSecret: options.pagerDutyWebhookSecret } : {}),
    slack: {
      botToken: 'xoxb-sandbox',
      botId: 'B0SHIPGATE',
      botUserId: 'U0SHIPGATE',
      signingSecret: TEST_SIGNING_SECRET,
      apiUrl: slack.apiUrl,
      retries: 0,
    },
  });
  slack.connectBot({ url: `${shipgate.url}/slack/events`, signingSecret: TEST_SIGNING_SECRET });

  const settle = async () => {
    for (let round = 0; round < 50; round++) {
      await shipgate.work.idle();
      const fired = await shipgate.timers.tick();
      if (fired === 0 && (await shipgate.timers.pending()).every((t) => t.dueAt > clock.now())) {
        await shipgate.work.idle();
        if ((await shipgate.timers.tick()) === 0) return;
      }
    }
    throw new Error('the deploy workflow did not settle');
  };
  const message = async (id: string) => {
    const ref = await shipgate.sync.ref('deploy', id);
    const stored = ref?.ts ? slack.state.message(ref.channel, ref.ts) : undefined;
    return stored && ref?.ts
      ? { ts: ref.ts, channel: ref.channel, text: stored.text, blocks: stored.blocks ?? [] }
      : undefined;
  };
  const click = async (user: string, id: string, action: 'approve' | 'reject'): Promise<string> => {
    const posted = await message(id);
    if (!posted) throw new Error(`${id} has no message yet`);
    const actionId = action === 'approve' ? IDS.deployApprove : IDS.deployReject;
    const opened = slack.callsTo('views.open').length;
    const result = await slack.clickButton({ user, channel: posted.channel, ts: posted.ts, actionId });
    await slack
      .waitFor(
        () => result.responses.length > 0 || slack.callsTo('views.open').length > opened || undefined,
        {
          timeoutMs: 5000,
        },
      )
      .catch(() => undefined);
    await settle();
    return result.responses.map((r) => JSON.stringify(r.body)).join('\n');
  };
  return {
    slack,
    pagerduty,
    shipgate,
    clock,
    dbPath,
    databaseUrl: store.databaseUrl,
    testStore: store,
    targetLog,
    settle,
    message,
    async deploy(user, text) {
      const result = await slack.command({ user, command: '/deploy', text, channel: 'C0DEPLOYS' });
      await settle();
      return JSON.stringify(result.ack);
    },
    click,
    async reject(user, id, reason) {
      await click(user, id, 'reject');
      const view = [...slack.state.views.values()].find((v) => v.open && v.userId === user);
      if (!view) throw new Error(`no reject modal opened for ${user}`);
      const submitted = await slack.submitView({
        user,
        viewId: view.id,
        values: { reason: { reason_input: reason } },
      });
      await settle();
      return submitted.ack;
    },
    async record(id) {
      const found = await shipgate.runtime.deploys.get(id);
      if (!found) throw new Error(`no deploy ${id}`);
      return found;
    },
    targetCalls() {
      if (!existsSync(targetLog)) return [];
      return readFileSync(targetLog, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as TargetCall);
    },
    async thread(id) {
      const posted = await message(id);
      if (!posted) return [];
      return slack.state
        .allMessages()
        .filter((m) => m.channel === posted.channel && m.threadTs === posted.ts)
        .map((m) => m.text);
    },
    async stop() {
      await shipgate.stop();
      await store.drop();
      if (!options.slack) await slack.stop();
      if (!options.pagerduty) await pagerduty.stop();
    },
  };
}
