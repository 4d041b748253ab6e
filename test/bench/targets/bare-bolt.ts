import { App } from '@slack/bolt';
import { serveLoadProbe } from './load-probe.js';

/**
 * The baseline: a bare Bolt app in HTTP mode that only acks every slash command. Prints its URL as one JSON line
 * on stdout so the benchmark can aim at it, and answers the bench's load probe (CPU, event-loop delay).
 */
serveLoadProbe();
const secret = process.env.BENCH_SIGNING_SECRET ?? 'bench-secret';
const app = new App({
  signingSecret: secret,
  token: 'xoxb-bench',
  botId: 'B0BENCH',
  botUserId: 'U0BENCH',
  logLevel: 'error' as never,
  clientOptions: { slackApiUrl: 'http://127.0.0.1:9/api/', retryConfig: { retries: 0 } },
});
app.command(/.*/, async ({ ack }) => {
  await ack();
});
const server = (await app.start({ port: 0, host: '127.0.0.1' })) as import('node:http').Server;
const address = server.address() as import('node:net').AddressInfo;
process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${address.port}/slack/events` })}\n`);
