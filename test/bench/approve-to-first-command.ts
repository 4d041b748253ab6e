import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, type BlockAction, LogLevel } from '@slack/bolt';
import { loadConfig } from '../../src/config/load-config.js';
import { createLogger } from '../../src/logger.js';
import { SlackStandIn } from '../../src/sandbox/slack-stand-in.js';
import { startShipgate } from '../../src/shipgate.js';
import { IDS } from '../../src/slack/ids.js';
import { startsOf } from './command-starts.js';
import { type LatencySummary, summarize } from './stats.js';
import { until } from './until.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const SECRET = 'bench-approve-secret';

/**
 * Benchmark of issue #3: time from the final Approve click (the stand-in sends it, signed, over HTTP) to the
 * deploy adapter's first command starting, for `rounds` real PATCH deploys through Shipgate (after one unmeasured
 * first deploy). Baseline in the same run: a
 * bare Bolt app whose button handler spawns the same command at once — the floor any Slack bot can reach.
 */
export async function benchApproveToFirstCommand(
  rounds: number,
): Promise<{ shipgate: LatencySummary; bare: LatencySummary }> {
  const dir = mkdtempSync(join(tmpdir(), 'shipgate-bench-approve-'));
  const log = join(dir, 'target.log');
  const slack = await SlackStandIn.start({ seed: true });
  const shipgate = await startShipgate({
    config: loadConfig(join(FIXTURES, 'shipgate.yml')),
    dbPath: join(dir, 'shipgate.db'),
    port: 0,
    host: '127.0.0.1',
    logger: createLogger({ level: 'silent' }),
    env: { PATH: process.env.PATH ?? '', BENCH_TARGET_LOG: log },
    slack: {
      botToken: 'xoxb-sandbox',
      botId: 'B0SHIPGATE',
      botUserId: 'U0SHIPGATE',
      signingSecret: SECRET,
      apiUrl: slack.apiUrl,
      retries: 0,
    },
  });
  const shipgateTimes: number[] = [];
  try {
    slack.connectBot({ url: `${shipgate.url}/slack/events`, signingSecret: SECRET });
    for (let i = 0; i <= rounds; i++) {
      const version = `1.0.${i}`;
      await slack.command({
        user: 'U0ALICE',
        command: '/deploy',
        text: `checkout ${version}`,
        channel: 'C0DEPLOYS',
      });
      const id = await until(async () => (await shipgate.runtime.deploys.recent(1))[0]?.id, 'the deploy');
      const message = await until(async () => {
        const ref = await shipgate.sync.ref('deploy', id);
        const posted = ref?.ts ? slack.state.message(ref.channel, ref.ts) : undefined;
        return posted && JSON.stringify(posted.blocks).includes(IDS.deployApprove) && ref?.ts
          ? { channel: ref.channel, ts: ref.ts }
          : undefined;
      }, 'the approval message');
      const earlier = i === 0 ? ['U0BOB', 'U0DAVE'] : ['U0BOB'];
      for (const user of earlier) await slack.clickButton({ user, actionId: IDS.deployApprove, ...message });
      await until(
        async () =>
          (await shipgate.runtime.deploys.approvals(id)).length === earlier.length ? true : undefined,
        'the earlier approvals',
      );
      const clicked = Date.now();
      await slack.clickButton({ user: 'U0CAROL', actionId: IDS.deployApprove, ...message });
      const started = await until(() => startsOf(log, `deploy ${version}`)[0], 'the first deploy command');
      if (i > 0) shipgateTimes.push(started - clicked);
      await until(
        async () => ((await shipgate.runtime.deploys.get(id))?.state === 'succeeded' ? true : undefined),
        'the deploy to finish',
      );
    }
  } finally {
    await shipgate.stop();
  }

  const bare = new App({
    token: 'xoxb-sandbox',
    signingSecret: SECRET,
    botId: 'B0SHIPGATE',
    botUserId: 'U0SHIPGATE',
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } },
  });
  bare.action<BlockAction>('go', async ({ ack }) => {
    await ack();
    spawn('sh', [join(FIXTURES, 'first-command.sh'), 'deploy', 'bare'], {
      env: { PATH: process.env.PATH ?? '', BENCH_TARGET_LOG: log },
    });
  });
  const server = (await bare.start({ port: 0, host: '127.0.0.1' })) as import('node:http').Server;
  const bareTimes: number[] = [];
  try {
    slack.connectBot({
      url: `http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}/slack/events`,
      signingSecret: SECRET,
    });
    const posted = await bare.client.chat.postMessage({
      channel: 'C0DEPLOYS',
      text: 'baseline',
      blocks: [
        {
          type: 'actions',
          elements: [{ type: 'button', action_id: 'go', text: { type: 'plain_text', text: 'Go' } }],
        },
      ],
    });
    for (let i = 0; i < rounds; i++) {
      const before = startsOf(log, 'deploy bare').length;
      const clicked = Date.now();
      await slack.clickButton({
        user: 'U0CAROL',
        channel: posted.channel ?? '',
        ts: posted.ts ?? '',
        actionId: 'go',
      });
      const started = await until(() => startsOf(log, 'deploy bare')[before], 'the baseline command');
      bareTimes.push(started - clicked);
    }
  } finally {
    await bare.stop();
    await slack.stop();
  }
  return { shipgate: summarize(shipgateTimes), bare: summarize(bareTimes) };
}
