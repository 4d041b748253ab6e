import { Agent, request } from 'node:http';

export { Agent };

import { signSlackRequest } from '../../src/sandbox/sign-request.js';

/** One slash command to send: its command name and text. */
export interface CommandSample {
  readonly command: string;
  readonly text: string;
}

/**
 * Sends `total` slash commands to `url`, signed as Slack signs them, with `concurrency` in flight at once over
 * keep-alive connections, and returns each request's latency in ms (send → full response). Every response must
 * be HTTP 200, or the run fails: a benchmark of errors measures nothing.
 */
export async function fireSignedCommands(options: {
  url: string;
  secret: string;
  total: number;
  concurrency: number;
  samples: readonly CommandSample[];
  /** Reuse connections across calls (keep-alive), as Slack does; a fresh agent is made and closed otherwise. */
  agent?: Agent;
}): Promise<number[]> {
  const agent = options.agent ?? new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const latencies: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < options.total) {
      const i = next++;
      const sample = options.samples[i % options.samples.length] as CommandSample;
      const body = new URLSearchParams({
        token: 'bench',
        team_id: 'T0BENCH',
        team_domain: 'bench',
        channel_id: 'C0DEPLOYS',
        channel_name: 'deploys',
        user_id: 'U0ALICE',
        user_name: 'alice',
        command: sample.command,
        text: sample.text,
        api_app_id: 'A0BENCH',
        response_url: 'http://127.0.0.1:9/respond',
        trigger_id: `bench.${i}.${process.pid}.${Date.now()}`,
      }).toString();
      const started = performance.now();
      const status = await post(
        agent,
        options.url,
        body,
        signSlackRequest(options.secret, body, Date.now() / 1000),
      );
      latencies.push(performance.now() - started);
      if (status !== 200) throw new Error(`request ${i} to ${options.url} answered HTTP ${status}`);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  if (!options.agent) agent.destroy();
  return latencies;
}

function post(agent: Agent, url: string, body: string, headers: object): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          ...headers,
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
