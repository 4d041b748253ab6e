import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface, type Interface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { SlackStandIn } from '../../src/sandbox/slack-stand-in.js';
import { commandBody, postSigned } from '../support/signed-post.js';
import { TEST_SIGNING_SECRET, tempDbPath } from '../support/test-shipgate.js';

/** A child process and every stdout line it printed so far, parsed as JSON where it is JSON. */
interface Child {
  readonly process: ChildProcess;
  readonly lines: Record<string, unknown>[];
  /** Resolves with the first line (parsed) that `match` accepts, or rejects when the child exits first. */
  line(match: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
}

const children: ChildProcess[] = [];
let standIn: SlackStandIn | undefined;

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
  await standIn?.stop();
  standIn = undefined;
});

function start(args: string[], env: NodeJS.ProcessEnv): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const lines: Record<string, unknown>[] = [];
  const reader: Interface = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const waiting: {
    match: (l: Record<string, unknown>) => boolean;
    resolve: (l: Record<string, unknown>) => void;
  }[] = [];
  reader.on('line', (text) => {
    let line: Record<string, unknown>;
    try {
      line = JSON.parse(text) as Record<string, unknown>;
    } catch {
      line = { text };
    }
    lines.push(line);
    for (const w of waiting.splice(0)) w.match(line) ? w.resolve(line) : waiting.push(w);
  });
  const exited = once(child, 'exit');
  return {
    process: child,
    lines,
    line: (match) =>
      Promise.race([
        new Promise<Record<string, unknown>>((resolve) => {
          const seen = lines.find(match);
          if (seen) resolve(seen);
          else waiting.push({ match, resolve });
        }),
        exited.then(([code]) => {
          throw new Error(`the process exited with ${code} first`);
        }),
      ]),
  };
}

const running = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

describe('Shipgate (src/main.ts) in its own process', () => {
  it('answers a signed payload=null with 400 and keeps serving signed commands', async () => {
    standIn = await SlackStandIn.start({ seed: true });
    const child = start(['src/main.ts'], {
      PATH: process.env.PATH,
      SLACK_BOT_TOKEN: standIn.state.identity.botToken,
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: standIn.apiUrl,
      SHIPGATE_DB: tempDbPath('shipgate-main-'),
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      // The example's production policy emails after a rollback, so notifications.email needs its SMTP URL.
      SMTP_URL: 'smtp://127.0.0.1:9',
    });
    const { url } = (await child.line((l) => l.msg === 'Shipgate is running')) as { url: string };
    for (const [body, contentType] of [
      ['payload=null', 'application/x-www-form-urlencoded'],
      ['null', 'application/json'],
    ] as const) {
      expect((await postSigned(url, body, { contentType })).status).toBe(400);
    }
    const res = await postSigned(url, commandBody('/deploy', 'help'));
    expect(res.status).toBe(200);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect(running(child.process)).toBe(true);
    expect(child.lines.filter((l) => l.level === 60)).toEqual([]);
  }, 30_000);
});

describe('the process guard', () => {
  it('logs an uncaught exception and an unhandled rejection as fatal, and the process keeps serving', async () => {
    const child = start(['test/fixtures/process-guard-child.ts'], { PATH: process.env.PATH });
    const { port } = (await child.line((l) => typeof l.port === 'number')) as { port: number };
    const base = `http://127.0.0.1:${port}`;
    await fetch(`${base}/throw`);
    await child.line((l) => l.level === 60 && String(l.msg).startsWith('uncaught exception'));
    await fetch(`${base}/reject`);
    await child.line((l) => l.level === 60 && String(l.msg).startsWith('unhandled promise rejection'));
    expect(await (await fetch(`${base}/alive`)).text()).toBe('ok');
    expect(running(child.process)).toBe(true);
    const fatal = child.lines.filter((l) => l.level === 60) as { err?: { message?: string } }[];
    expect(fatal.map((l) => l.err?.message)).toEqual([
      'thrown outside any handler',
      'rejected with nobody awaiting it',
    ]);
  }, 30_000);
});
