import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config/load-config.js';
import { createLogger } from '../../src/logger.js';
import { SlackStandIn } from '../../src/sandbox/slack-stand-in.js';
import { startShipgate } from '../../src/shipgate.js';
import { IDS } from '../../src/slack/ids.js';
import { type LatencySummary, summarize } from './stats.js';
import { until } from './until.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const DEMO_TARGET = fileURLToPath(new URL('../../config/adapters/demo-target.mjs', import.meta.url));
const SECRET = 'bench-rollback-secret';
/** The version every round rolls back to. */
const GOOD = '1.0.0';

/** Runs the demo target once with `args` and resolves when it exited 0. */
async function demoTarget(args: string[], stateDir: string): Promise<void> {
  const child = spawn(process.execPath, [DEMO_TARGET, ...args], {
    env: { PATH: process.env.PATH ?? '', DEMO_TARGET_STATE_DIR: stateDir },
    stdio: 'ignore',
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`demo target ${args.join(' ')} exited ${code}`);
}

/**
 * Benchmark of issue #9, blue-green rollback wall time: per round a real deploy of `checkout` 1.0.<n> (`/deploy`
 * and signed Approve clicks, the demo target of the example config as a real node process per step) succeeds on
 * the idle colour over 1.0.0; `/rollback checkout --to 1.0.0` as the on-call answers its plan, and the measurement
 * runs from the plan's Roll back now click (signed HTTP to Shipgate's Bolt app, as Slack sends it once the confirm
 * dialog is accepted) to the rollback run stored succeeded: the demo target's `switch_traffic` back to 1.0.0's
 * colour and its `health_check` of that colour, each a child process. Between rounds a team lead frees the lane (`/deploy unblock`).
 * Baseline in the same run: the same two demo-target commands run directly, one after the other.
 */
export async function benchRollbackWallTime(
  rounds: number,
): Promise<{ shipgate: LatencySummary; bare: LatencySummary }> {
  const dir = mkdtempSync(join(tmpdir(), 'shipgate-bench-rollback-'));
  const slack = await SlackStandIn.start({ seed: true });
  const shipgate = await startShipgate({
    config: loadConfig(join(FIXTURES, 'rollback-shipgate.yml')),
    dbPath: join(dir, 'shipgate.db'),
    port: 0,
    host: '127.0.0.1',
    logger: createLogger({ level: 'silent' }),
    env: { PATH: process.env.PATH ?? '', DEMO_TARGET_STATE_DIR: join(dir, 'demo-target') },
    slack: {
      botToken: 'xoxb-sandbox',
      botId: 'B0SHIPGATE',
      botUserId: 'U0SHIPGATE',
      signingSecret: SECRET,
      apiUrl: slack.apiUrl,
      retries: 0,
    },
  });
  const rt = shipgate.runtime;
  const deploy = async (version: string, approvers: readonly string[]) => {
    await slack.command({
      user: 'U0ALICE',
      command: '/deploy',
      text: `checkout ${version}`,
      channel: 'C0DEPLOYS',
    });
    const id = await until(async () => {
      const d = (await rt.deploys.recent(1, 'checkout'))[0];
      return d?.version === version && d.kind !== 'rollback' ? d.id : undefined;
    }, `the deploy of ${version}`);
    const message = await until(async () => {
      const ref = await shipgate.sync.ref('deploy', id);
      const posted = ref?.ts ? slack.state.message(ref.channel, ref.ts) : undefined;
      return posted && JSON.stringify(posted.blocks).includes(IDS.deployApprove) && ref?.ts
        ? { channel: ref.channel, ts: ref.ts }
        : undefined;
    }, 'the approval message');
    for (const user of approvers) {
      const before = (await rt.deploys.approvals(id)).length;
      await slack.clickButton({ user, actionId: IDS.deployApprove, ...message });
      await until(
        async () =>
          (await rt.deploys.approvals(id)).length > before ||
          (await rt.deploys.get(id))?.state !== 'awaiting_approval'
            ? true
            : undefined,
        'the approval',
      );
    }
    await until(
      async () => ((await rt.deploys.get(id))?.state === 'succeeded' ? true : undefined),
      `${version} to succeed`,
    );
    return id;
  };
  const shipgateTimes: number[] = [];
  const plans = new Set<string>();
  let color = 'green';
  try {
    slack.connectBot({ url: `${shipgate.url}/slack/events`, signingSecret: SECRET });
    await deploy(GOOD, ['U0BOB', 'U0DAVE', 'U0CAROL']);
    for (let i = 1; i <= rounds; i++) {
      const bad = await deploy(`1.0.${i}`, ['U0BOB', 'U0CAROL']);
      await slack.command({
        user: 'U0CAROL',
        command: '/rollback',
        text: `checkout --to ${GOOD}`,
        channel: 'C0DEPLOYS',
      });
      const plan = await until(
        () =>
          slack.state
            .allMessages()
            .find(
              (m) =>
                !plans.has(m.ts) &&
                m.ephemeralFor === 'U0CAROL' &&
                JSON.stringify(m.blocks ?? []).includes(IDS.rollbackNow),
            ),
        'the rollback plan',
      );
      plans.add(plan.ts);
      const clicked = Date.now();
      await slack.clickButton({
        user: 'U0CAROL',
        channel: plan.channel,
        ts: plan.ts,
        actionId: IDS.rollbackNow,
      });
      const run = await until(
        async () => {
          const r = (await rt.deploys.recent(1, 'checkout'))[0];
          return r?.kind === 'rollback' && r.rollbackOf === bad && r.state === 'succeeded' ? r : undefined;
        },
        'the rollback run to succeed',
        60_000,
      );
      color = run.steps[0]?.color ?? color;
      shipgateTimes.push((run.finishedAt?.getTime() ?? Number.NaN) - clicked);
      await shipgate.work.idle();
      await slack.command({
        user: 'U0BOB',
        command: '/deploy',
        text: 'unblock checkout',
        channel: 'C0DEPLOYS',
      });
      await until(
        async () =>
          (await rt.deploys.laneHolder('checkout', 'production')) === undefined ? true : undefined,
        `the lane freed after ${run.id}`,
      );
    }
  } finally {
    await shipgate.stop();
    await slack.stop();
  }

  const stateDir = join(dir, 'demo-target-bare');
  const bareTimes: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = Date.now();
    await demoTarget(['switch_traffic', 'checkout', GOOD, 'production', color], stateDir);
    await demoTarget(['health_check', 'checkout', GOOD, 'production', color], stateDir);
    bareTimes.push(Date.now() - started);
  }
  return { shipgate: summarize(shipgateTimes), bare: summarize(bareTimes) };
}
