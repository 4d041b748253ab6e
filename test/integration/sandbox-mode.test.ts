import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDbPath } from '../support/test-shipgate.js';

const run = promisify(execFile);
const dbPath = tempDbPath('shipgate-sandbox-');
// The demo deploy target keeps its state here instead of the repository's data/demo-target.
const demoStateDir = mkdtempSync(join(tmpdir(), 'shipgate-demo-target-'));
const env: NodeJS.ProcessEnv = {
  ...process.env,
  PORT: '0',
  SHIPGATE_SANDBOX_PORT: '0',
  SHIPGATE_CONSOLE_PORT: '0',
  SHIPGATE_DB: dbPath,
  DEMO_TARGET_STATE_DIR: demoStateDir,
};
for (const name of [
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'SHIPGATE_CONFIG',
  'LOG_LEVEL',
  'DEMO_TARGET_FAIL_STEP',
  'DEMO_TARGET_SLOW_MS',
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

const cli = (command: 'say' | 'click', ...args: string[]) =>
  run(process.execPath, [resolve('src/bin.js'), command, ...args], {
    env: { ...env, SHIPGATE_DB: dbPath },
  });
const say = (...args: string[]) => cli('say', ...args);
const click = async (...args: string[]) => (await cli('click', ...args)).stdout;

describe('sandbox mode (no Slack tokens)', () => {
  it('starts against the stand-in and says so in one line with how to talk to it', () => {
    expect(banner).toMatch(/^Shipgate sandbox: no Slack tokens set/);
    expect(banner).toMatch(/Slack stand-in at http:\/\/127\.0\.0\.1:\d+/);
    expect(banner).toContain('npx shipgate say --as alice "/deploy help"');
    expect(banner).toMatch(/open the console at http:\/\/127\.0\.0\.1:\d+ \(binds to 127\.0\.0\.1 only\)/);
    expect(banner).toMatch(
      /deploys go to the demo service at http:\/\/127\.0\.0\.1:\d+, whose metrics the watch reads from (Prometheus at http:\/\/127\.0\.0\.1:\d+|its own JSON \(http_json)/,
    );
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

  it('deploys the PATCH 2.5.3 → 2.5.4 as an emergency once bob, carol and dave click Approve from the terminal', async () => {
    const request = await say(
      '--as',
      'alice',
      '/deploy checkout 2.5.4 --env production --emergency "sandbox test"',
    );
    expect(request.stdout).toContain(':raised_hand: Waiting for approval');
    // The sandbox starts with a past: production runs checkout 2.5.3 on blue, so this is a PATCH.
    expect(request.stdout).toContain('2.5.3 → *2.5.4*');
    const id = /DEP-\d{4}-\d{4}/.exec(request.stdout)?.[0] ?? '';
    expect(request.stdout).toContain(`(to click: npx shipgate click --as <user> ${id} approve|reject)`);

    expect(await click('--as', 'alice', id, 'approve')).toContain(
      'You requested this deploy, so someone else has to approve it.',
    );
    const reject = await click('--as', 'frank', id, 'reject');
    expect(reject).toContain('a form opened for you: "Reject deploy" asking for: reason');
    expect(reject).toContain('Submitting forms from the terminal is not supported yet');
    expect(await click('--as', 'bob', id, 'approve')).toContain(`you approved ${id} as team-lead`);
    expect(await click('--as', 'carol', id, 'approve')).toContain(`you approved ${id} as on-call-engineer`);
    // An emergency (the wall clock may be outside the change window) also needs the engineering lead. The deploy runs after the click; Shipgate's once-a-second timer tick may hold the last message update for
    // up to a second, longer than the default 300 ms of silence, so this click waits for 1.5 s of it.
    const last = await click('--as', 'dave', '--quiet-ms', '1500', id, 'approve');
    expect(last).toContain(`You approved ${id} as engineering-lead; every required role has approved`);
    expect(last).toContain(':white_check_mark: Switch traffic to green');
    expect(last).toContain(':eyes: Deployed — post-deploy watch running');
    const { demo } = JSON.parse(readFileSync(join(dirname(dbPath), 'sandbox.json'), 'utf8'));
    const live = await (await fetch(`${demo}/admin/checkout`)).json();
    expect(live).toMatchObject({ live: 'green', versions: { blue: '2.5.3', green: '2.5.4' } });
  }, 60_000);

  it('refuses a click on a button that is gone, naming what was asked for', async () => {
    await expect(click('--as', 'bob', 'DEP-2099-0001', 'approve')).rejects.toMatchObject({
      code: 1,
      stderr: 'no message has a button with value DEP-2099-0001 (none to click)\n',
    });
  });

  it('shuts down cleanly on SIGTERM', async () => {
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(0);
  });
});
