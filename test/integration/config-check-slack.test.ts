import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackStandIn } from '../../src/sandbox/slack-stand-in.js';

const run = promisify(execFile);
let slack: SlackStandIn;
let dir: string;

beforeAll(async () => {
  slack = await SlackStandIn.start({ seed: true });
  dir = mkdtempSync(join(tmpdir(), 'shipgate-config-slack-'));
  cpSync(resolve('test/fixtures/config/environments'), join(dir, 'environments'), { recursive: true });
  const valid = readFileSync(resolve('test/fixtures/config/valid.yml'), 'utf8');
  writeFileSync(join(dir, 'people.yml'), valid);
  writeFileSync(
    join(dir, 'bots.yml'),
    valid
      .replace('team-lead: [U0BOB, U0FRANK]', 'team-lead: [U0BOB, U0FRANK, U0ROBOT]')
      .replace('cto: [U0ERIN]', 'cto: [U0ERIN, U0AGENT]'),
  );
});
afterAll(async () => {
  await slack.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function check(file: string, env: Record<string, string>) {
  return run(process.execPath, [resolve('src/bin.js'), 'config', 'check', join(dir, file), '--slack'], {
    env: { ...process.env, SLACK_SIGNING_SECRET: '', SLACK_APP_TOKEN: '', ...env },
    timeout: 30_000,
  }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (err: { code: number; stdout: string }) => ({ code: err.code, stdout: err.stdout }),
  );
}

const slackEnv = () => ({ SLACK_BOT_TOKEN: 'xoxb-sandbox', SLACK_API_URL: slack.apiUrl });

describe('npx shipgate config check --slack', () => {
  it('reports each role member Slack says is a bot or an app, and exits 1', async () => {
    const { code, stdout } = await check('bots.yml', slackEnv());
    expect(code).toBe(1);
    expect(stdout).toContain('roles.team-lead: U0ROBOT is a bot user in Slack; it can never approve');
    expect(stdout).toContain('roles.cto: U0AGENT is an app (agent) user in Slack; it can never approve');
    expect(slack.callsTo('users.info').map((c) => c.args.user)).toEqual(
      expect.arrayContaining(['U0BOB', 'U0ROBOT', 'U0AGENT']),
    );
  }, 40_000);

  it('says OK when every role member is a person', async () => {
    const { code, stdout } = await check('people.yml', slackEnv());
    expect(code).toBe(0);
    expect(stdout).toContain('OK Slack: all 6 role members are people');
  }, 40_000);

  it('needs a bot token to ask Slack', async () => {
    const { code, stdout } = await check('people.yml', { SLACK_BOT_TOKEN: '' });
    expect(code).toBe(2);
    expect(stdout).toContain('--slack needs SLACK_BOT_TOKEN');
  }, 40_000);
});
