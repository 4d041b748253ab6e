import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CommandTarget, type CommandTargetConfig } from '../../../src/adapters/deploy/command-target.js';
import type { PlanStep, StepContext, StepKind } from '../../../src/core/deploys/deploy-types.js';

const fixtures = resolve(import.meta.dirname, '../../fixtures/adapters');
const node = `"${process.execPath}"`;
const script = (name: string) => `${node} ${join(fixtures, name)}`;
const temps: string[] = [];

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const context: StepContext = {
  deployId: 'dep-42',
  service: 'checkout',
  version: '2.5.4',
  previousVersion: '2.5.3',
  env: 'production',
};

function step(kind: StepKind, extra: Partial<PlanStep> = {}): PlanStep {
  return { id: `${kind}-1`, kind, label: kind, ...extra };
}

function target(
  steps: CommandTargetConfig['steps'],
  extra: Partial<CommandTargetConfig> = {},
  env: Record<string, string | undefined> = { PATH: process.env.PATH },
) {
  const config: CommandTargetConfig = { adapter: 'command', env: {}, pass_env: [], steps, ...extra };
  return new CommandTarget('checkout', config, { baseDir: fixtures, env, killGraceMs: 300 });
}

function invocation(output: string): { argv: string[]; cwd: string; env: Record<string, string> } {
  return JSON.parse(output);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('CommandTarget', () => {
  it('fills placeholders per argument after splitting, so argv reaches the program unchanged', async () => {
    const outcome = await target({
      deploy: `${script('print-invocation.mjs')} {service} --version={version} "{service} at {env}" {previous_version} {color} {percent} {deploy_id} ''`,
    }).runStep(step('deploy', { color: 'green', percent: 25 }), context);

    expect(outcome).toMatchObject({
      ok: true,
      timedOut: false,
      summary: expect.stringMatching(/^exit 0 in \d+\.\d s$/),
    });
    expect(invocation(outcome.output).argv).toEqual([
      'checkout',
      '--version=2.5.4',
      'checkout at production',
      '2.5.3',
      'green',
      '25',
      'dep-42',
      '',
    ]);
  });

  it('never runs a shell: a version full of shell metacharacters stays one literal argument', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shipgate-noshell-'));
    temps.push(dir);
    const version = '1.0.0; touch pwned1 $(touch pwned2) `touch pwned3` | tee pwned4 && echo $HOME > pwned5';
    const outcome = await target(
      { deploy: `${script('print-invocation.mjs')} {version}` },
      { cwd: dir },
    ).runStep(step('deploy'), { ...context, version });

    expect(outcome.ok).toBe(true);
    expect(invocation(outcome.output).argv).toEqual([version]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('runs in cwd resolved from the config folder and leaves absent values empty', async () => {
    const outcome = await target(
      { deploy: `${node} print-invocation.mjs {previous_version} {color}` },
      { cwd: '.' },
    ).runStep(step('deploy'), { ...context, previousVersion: undefined });

    expect(invocation(outcome.output)).toMatchObject({ argv: ['', ''], cwd: fixtures });
  });

  it('passes only PATH, HOME, LANG, env literals, pass_env names and SHIPGATE_* variables', async () => {
    const shipgateEnv = {
      PATH: process.env.PATH,
      HOME: '/home/shipgate',
      LANG: 'C.UTF-8',
      DEPLOY_TOKEN: 'deploy-token-value',
      SLACK_BOT_TOKEN: 'xoxb-must-not-leak',
      SLACK_SIGNING_SECRET: 'must-not-leak',
      PAGERDUTY_TOKEN: 'must-not-leak',
      SHIPGATE_DB: '/var/lib/shipgate.db',
    };
    const outcome = await target(
      { deploy: script('exit-with.mjs'), set_traffic: script('print-invocation.mjs') },
      { env: { REGION: 'eu-central-1', SHIPGATE_SERVICE: 'spoofed' }, pass_env: ['DEPLOY_TOKEN', 'NOT_SET'] },
      shipgateEnv,
    ).runStep(step('set_traffic', { id: 'traffic-25', percent: 25 }), context);

    expect(invocation(outcome.output).env).toEqual({
      PATH: process.env.PATH,
      HOME: '/home/shipgate',
      LANG: 'C.UTF-8',
      DEPLOY_TOKEN: 'deploy-token-value',
      REGION: 'eu-central-1',
      SHIPGATE_DEPLOY_ID: 'dep-42',
      SHIPGATE_SERVICE: 'checkout',
      SHIPGATE_VERSION: '2.5.4',
      SHIPGATE_PREVIOUS_VERSION: '2.5.3',
      SHIPGATE_ENV: 'production',
      SHIPGATE_PERCENT: '25',
      SHIPGATE_STEP: 'set_traffic',
      SHIPGATE_STEP_ID: 'traffic-25',
    });
  });

  it('fails on a non-zero exit with the exit code, time and the output of both streams', async () => {
    const outcome = await target({ deploy: `${script('exit-with.mjs')} 3` }).runStep(step('deploy'), context);

    expect(outcome).toMatchObject({ ok: false, timedOut: false, output: 'to stdout\nto stderr' });
    expect(outcome.summary).toMatch(/^exit 3 after \d+\.\d s$/);
  });

  it('names the signal when the program is killed by one', async () => {
    const outcome = await target({ deploy: `${script('exit-with.mjs')} SIGKILL` }).runStep(
      step('deploy'),
      context,
    );

    expect(outcome.ok).toBe(false);
    expect(outcome.summary).toMatch(/^killed by SIGKILL after/);
  });

  it('keeps stdout and stderr interleaved in the order they were written', async () => {
    const outcome = await target({ deploy: script('interleave.mjs') }).runStep(step('deploy'), context);

    expect(outcome.output).toBe('out 1\nerr 2\nout 3\nerr 4');
  });

  it('keeps only the last 40 lines of a long output, marking the cut', async () => {
    const outcome = await target({ deploy: `${script('chatty.mjs')} 100 10` }).runStep(
      step('deploy'),
      context,
    );
    const lines = outcome.output.split('\n');

    expect(lines).toHaveLength(40);
    expect(lines[0]).toBe('…');
    expect(lines[1]).toBe('line 62 ..');
    expect(lines.at(-1)).toBe('line 100 .');
  });

  it('keeps at most 2,500 characters of long lines', async () => {
    const outcome = await target({ deploy: `${script('chatty.mjs')} 30 300` }).runStep(
      step('deploy'),
      context,
    );

    expect(outcome.output.length).toBeLessThanOrEqual(2_500);
    expect(outcome.output.startsWith('…\nline 23 ')).toBe(true);
    expect(outcome.output.endsWith(`line 30 ${'.'.repeat(292)}`)).toBe(true);
  });

  it('kills the whole process group on timeout, SIGKILL after SIGTERM is ignored', async () => {
    const outcome = await target(
      { deploy: script('stubborn.mjs') },
      { timeout: { ms: 1_500, text: '1.5s' } },
    ).runStep(step('deploy'), context);

    expect(outcome).toMatchObject({ ok: false, timedOut: true, summary: 'timed out after 1.5 s' });
    expect(outcome.output).toContain('parent ignores SIGTERM');
    expect(outcome.output).toContain('child ignores SIGTERM');
    expect(outcome.durationMs).toBeGreaterThanOrEqual(1_500 + 300);
    const pids = [...outcome.output.matchAll(/^(?:parent|child) (\d+)$/gm)].map((m) => Number(m[1]));
    expect(pids).toHaveLength(2);
    // SIGKILL has been sent to the group; the kernel may need a moment to finish tearing the processes down.
    for (const pid of pids) await vi.waitFor(() => expect(isRunning(pid)).toBe(false), { timeout: 1_000 });
  });

  it('stops the process group when the caller aborts', async () => {
    const controller = new AbortController();
    const running = target({ deploy: script('stubborn.mjs') }).runStep(
      step('deploy'),
      context,
      controller.signal,
    );
    setTimeout(() => controller.abort(), 200);
    const outcome = await running;

    expect(outcome).toMatchObject({ ok: false, timedOut: false });
    expect(outcome.summary).toMatch(/^cancelled after \d+\.\d s$/);
  });

  it('says the command was not found when the program does not exist', async () => {
    const outcome = await target({ deploy: 'shipgate-no-such-program {version}' }).runStep(
      step('deploy'),
      context,
    );

    expect(outcome).toMatchObject({ ok: false, summary: 'command not found: shipgate-no-such-program' });
  });

  it('refuses a working directory that does not exist', async () => {
    const outcome = await target({ deploy: script('exit-with.mjs') }, { cwd: 'no-such-folder' }).runStep(
      step('deploy'),
      context,
    );

    expect(outcome).toMatchObject({
      ok: false,
      summary: `working directory not found: ${join(fixtures, 'no-such-folder')}`,
    });
  });

  it('refuses a step kind the target has no command for, naming kind and service', async () => {
    const outcome = await target({ deploy: script('exit-with.mjs') }).runStep(
      step('switch_traffic'),
      context,
    );

    expect(outcome).toMatchObject({
      ok: false,
      summary: 'no switch_traffic command configured for checkout',
    });
  });

  it('refuses a template with an unclosed quote instead of guessing', async () => {
    const outcome = await target({ deploy: `${script('exit-with.mjs')} "{version}` }).runStep(
      step('deploy'),
      context,
    );

    expect(outcome.ok).toBe(false);
    expect(outcome.summary).toMatch(/^the deploy command of checkout cannot be split: a quote/);
  });
});
