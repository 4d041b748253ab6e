import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDbPath } from '../support/test-shipgate.js';

const run = promisify(execFile);
const dbPath = tempDbPath('shipgate-sandbox-');
const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', SHIPGATE_SANDBOX_PORT: '0', SHIPGATE_DB: dbPath };
for (const name of [
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'SHIPGATE_CONFIG',
  'LOG_LEVEL',
]) {
  delete env[name];
}

let child: ChildProcess;
let banner: string;

beforeAll(async () => {
  child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  banner = await Promise.race([
    once(lines, 'line').then(([line]) => line as string),
    once(child, 'exit').then(([code]) => {
      throw new Error(`sandbox exited with ${code}: ${stderr}`);
    }),
  ]);
}, 30_000);

afterAll(async () => {
  child.kill('SIGTERM');
  if (child.exitCode === null) await once(child, 'exit');
});

const say = (...args: string[]) =>
  run(process.execPath, [resolve('src/bin.js'), 'say', ...args], {
    env: { ...env, SHIPGATE_DB: dbPath },
  });

describe('sandbox mode (no Slack tokens)', () => {
  it('starts against the stand-in and says so in one line with how to talk to it', () => {
    expect(banner).toMatch(/^Shipgate sandbox: no Slack tokens set/);
    expect(banner).toMatch(/Slack stand-in at http:\/\/127\.0\.0\.1:\d+/);
    expect(banner).toContain('npx shipgate say --as alice "/deploy help"');
  });

  it('answers `shipgate say --as alice "/deploy help"` with the usage, visible only to alice', async () => {
    const { stdout } = await say('--as', 'alice', '/deploy help');
    expect(stdout).toContain('only you can see this, in #deploys');
    expect(stdout).toContain('/deploy <service> <version>');
  });

  it('shows the reason and usage for a mistake', async () => {
    const { stdout } = await say('--as', 'U0BOB', '--channel', '#incidents', '/incident declare SEV-1');
    expect(stdout).toContain('missing title');
    expect(stdout).toContain('/incident declare <SEV-1..4> <title>');
    expect(stdout).toContain('in #incidents');
  });

  it('shuts down cleanly on SIGTERM', async () => {
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(0);
  });
});
