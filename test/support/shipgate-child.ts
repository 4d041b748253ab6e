import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { SlackStandIn } from '../../src/sandbox/slack-stand-in.js';
import { IN_WINDOW } from './deploy-harness.js';
import { TEST_SIGNING_SECRET } from './test-shipgate.js';

/** Whether a process still runs (a killed Shipgate's hanging deploy step outlives it, as on a real host). */
export const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The pids of deploy steps a fake target logged (a hanging one outlives the Shipgate that started it). */
export const targetPids = (targetLog: string): number[] =>
  existsSync(targetLog)
    ? readFileSync(targetLog, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { pid: number }).pid)
    : [];

/**
 * Shipgate children a test file started, each in its own process on a database file (connected to the Slack
 * stand-in) or as a replica on PostgreSQL, and ready to be killed. `killAll` after each test whatever its outcome:
 * a child left running would hold the test worker's stderr open and keep vitest from exiting.
 */
export class ShipgateChildren {
  private readonly started: { child: ChildProcess; targetLog: string | undefined }[] = [];

  constructor(private readonly slack: SlackStandIn) {}

  /**
   * Starts `test/fixtures/deploy/shipgate-process.ts` on `dbPath` with `env` added. Its clock starts at
   * {@link IN_WINDOW} (inside the staging change window) and runs at real pace, so its scheduler fires in real
   * time. Resolves once it listens and the stand-in delivers to it.
   */
  async start(dbPath: string, env: Record<string, string> = {}): Promise<ChildProcess> {
    const { child, url } = await this.spawn({ SHIPGATE_DB: dbPath, ...env });
    this.slack.connectBot({ url: `${url}/slack/events`, signingSecret: TEST_SIGNING_SECRET });
    return child;
  }

  /**
   * Starts `test/fixtures/deploy/shipgate-process.ts` as one replica of several, with `env` (its
   * `SHIPGATE_DATABASE_URL`, `SHIPGATE_REPLICA_ID`, clock and lease settings) added, and resolves with the process
   * and its base URL once it listens. Unlike {@link start} it leaves the stand-in's delivery alone: the test points
   * it at a load balancer in front of the replicas.
   */
  async startReplica(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
    return await this.spawn({ SHIPGATE_DB: '', ...env });
  }

  private async spawn(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/deploy/shipgate-process.ts'], {
      env: {
        ...process.env,
        SHIPGATE_TEST_CLOCK_START: IN_WINDOW,
        SLACK_API_URL: this.slack.apiUrl,
        SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    this.started.push({ child, targetLog: env.FAKE_TARGET_LOG });
    const line = await Promise.race([
      once(createInterface({ input: child.stdout as NodeJS.ReadableStream }), 'line').then(
        ([l]) => l as string,
      ),
      once(child, 'exit').then(([code]) => {
        throw new Error(`shipgate-process.ts exited with ${code} before listening`);
      }),
    ]);
    return { child, url: (JSON.parse(line) as { url: string }).url };
  }

  /** kill -9, as a host that loses power or an OOM killer does; resolves once the process is gone. */
  async kill(child: ChildProcess): Promise<void> {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
  }

  /** Kills every child still running and the fake-target steps they left behind. */
  killAll(): void {
    for (const { child, targetLog } of this.started.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      for (const pid of targetPids(targetLog ?? '').filter(isAlive)) process.kill(pid, 'SIGKILL');
    }
  }
}
