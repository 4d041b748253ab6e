/**
 * The production artifact, built and started the way the Dockerfile describes it (CI cannot build images): each
 * stage is a temp folder standing for its WORKDIR, every COPY is carried out from the repository or from an
 * earlier stage's folder, and every RUN line is carried out as below — a RUN this test does not know fails it, so
 * the Dockerfile and this test cannot drift apart. The runtime's `npm ci --omit=dev` is real, with one shortcut:
 * better-sqlite3's native addon is not compiled a second time (2–4 minutes on 2 cores) but taken from this
 * checkout's install of the same version from the same lock, built on the same Node. Then the
 * start command runs there with no Slack tokens — the sandbox — and is asked `/healthz`, run the HEALTHCHECK
 * against, used through the `shipgate` bin, and stopped with SIGTERM. Slow (a minute or more): done once, in
 * beforeAll.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_BUNDLE_FILES } from '../../../src/console/load-console-bundle.js';
import {
  copyParts,
  type DockerStage,
  healthcheckCommand,
  lastOf,
  readDockerfile,
} from '../../support/dockerfile.js';
import { START_COMMAND } from '../../support/start-command.js';

const run = promisify(execFile);
const REPO = resolve('.');
const stages = readDockerfile('Dockerfile');
const runtimeStage = stages.at(-1) as DockerStage;
const work = mkdtempSync(join(tmpdir(), 'shipgate-artifact-'));

/** npm as this test runs it: quiet, no audit, offline where the cache has the package. */
async function npm(dir: string, args: string[]): Promise<void> {
  await run('npm', args, {
    cwd: dir,
    env: {
      ...process.env,
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_prefer_offline: 'true',
      npm_config_update_notifier: 'false',
    },
    maxBuffer: 64 * 1024 * 1024,
  });
}

/**
 * Puts this checkout's compiled addon of `pkg` into the install at `dir`, after checking both installs hold the
 * same version (the addon is only valid for the version and Node it was built for; this checkout's npm ci built it
 * on this Node).
 */
function reuseNativeAddon(dir: string, pkg: string, addon: string): void {
  const version = (root: string) =>
    (JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string })
      .version;
  if (version(dir) !== version(REPO))
    throw new Error(
      `${pkg} ${version(dir)} in the artifact, ${version(REPO)} in this checkout: run npm ci first`,
    );
  const target = join(dir, 'node_modules', pkg, addon);
  mkdirSync(dirname(target), { recursive: true });
  cpSync(join(REPO, 'node_modules', pkg, addon), target);
}

/**
 * How each RUN line is carried out here. The toolchain is the host's own (CI has it: its npm ci compiles
 * better-sqlite3 too). The build stage's `npm ci` — every dependency of the same lock — is this checkout's
 * node_modules, linked, since CI's npm ci just installed exactly that; the runtime's `npm ci --omit=dev` is run.
 */
const RUN: Record<string, (dir: string) => Promise<void>> = {
  'apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*':
    async () => undefined,
  'npm ci --omit=dev': async (dir) => {
    await npm(dir, ['ci', '--omit=dev', '--ignore-scripts']);
    reuseNativeAddon(dir, 'better-sqlite3', 'build/Release/better_sqlite3.node');
  },
  'npm ci': async (dir) => symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir'),
  'npm run build': (dir) => npm(dir, ['run', 'build']),
  'mkdir -p /app/data && chown node:node /app/data': async (dir) => {
    mkdirSync(join(dir, 'data'), { recursive: true });
  },
};

/** Lays out every stage as the Dockerfile says; returns each stage's folder and the runtime stage's ENV. */
async function layOutStages(): Promise<{ dirs: Map<string, string>; env: Record<string, string> }> {
  const dirs = new Map<string, string>();
  const envs = new Map<string, Record<string, string>>();
  const workdirs = new Map<string, string>();
  for (const [index, stage] of stages.entries()) {
    const dir = join(work, stage.name ?? `stage-${index}`);
    const parent = dirs.get(stage.from);
    if (parent) cpSync(parent, dir, { recursive: true, verbatimSymlinks: true });
    else mkdirSync(dir, { recursive: true });
    const env: Record<string, string> = { ...(envs.get(stage.from) ?? {}) };
    let workdir = workdirs.get(stage.from) ?? '/';
    for (const instruction of stage.instructions) {
      if (instruction.keyword === 'WORKDIR') workdir = instruction.args[0] ?? '/';
      if (instruction.keyword === 'ENV')
        for (const pair of instruction.args) {
          const [key = '', ...value] = pair.split('=');
          env[key] = value.join('=');
        }
      if (instruction.keyword === 'COPY') {
        const { sources, dest } = copyParts(instruction);
        const from = instruction.flags.from;
        const into = dest.startsWith('/') ? join(dir, dest.slice(workdir.length)) : join(dir, dest);
        for (const source of sources) {
          const origin = from
            ? join(dirs.get(from) ?? '', source.slice((workdirs.get(from) ?? '').length))
            : join(REPO, source);
          const target = dest.endsWith('/') ? join(into, basename(source)) : into;
          // Out of an earlier stage, moved rather than copied (that stage is done with): node_modules is large.
          if (from) {
            mkdirSync(dirname(target), { recursive: true });
            renameSync(origin, target);
          } else cpSync(origin, target, { recursive: true, verbatimSymlinks: true });
        }
      }
      if (instruction.keyword === 'RUN') {
        const step = RUN[instruction.text];
        if (!step) throw new Error(`this test does not know how to carry out RUN ${instruction.text}`);
        await step(dir);
      }
    }
    if (stage.name) dirs.set(stage.name, dir);
    dirs.set(`#${index}`, dir);
    if (stage.name) envs.set(stage.name, env);
    if (stage.name) workdirs.set(stage.name, workdir);
    envs.set(`#${index}`, env);
  }
  return { dirs, env: envs.get(`#${stages.length - 1}`) ?? {} };
}

let app: string;
let child: ChildProcess;
let banner: string;
let shipgateUrl: string;
let consoleUrl: string;
let childEnv: NodeJS.ProcessEnv;
let exited: Promise<[number | null, NodeJS.Signals | null]>;

beforeAll(async () => {
  const { dirs, env } = await layOutStages();
  app = dirs.get(`#${stages.length - 1}`) ?? '';
  childEnv = { ...process.env, ...env, PORT: '0', SHIPGATE_SANDBOX_PORT: '0', SHIPGATE_CONSOLE_PORT: '0' };
  for (const name of Object.keys(childEnv))
    if (
      /^(SLACK_|SHIPGATE_(CONFIG|DB|SANDBOX_DB)$|PAGERDUTY_|DEMO_TARGET_|LOG_LEVEL$|NODE_OPTIONS$)/.test(name)
    )
      delete childEnv[name];
  const [command, ...args] = START_COMMAND;
  expect(command).toBe('node');
  child = spawn(process.execPath, args, { cwd: app, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  banner = await Promise.race([
    once(createInterface({ input: child.stdout as NodeJS.ReadableStream }), 'line').then(
      ([l]) => l as string,
    ),
    exited.then(([code]) => {
      throw new Error(`the built artifact exited with ${code}: ${stderr}`);
    }),
  ]);
  shipgateUrl = /Shipgate \((http:\/\/[^)]+)\)/.exec(banner)?.[1] ?? '';
  consoleUrl = /open the console at (http:\/\/\S+)/.exec(banner)?.[1] ?? '';
}, 15 * 60_000);

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
    await exited;
  }
  rmSync(work, { recursive: true, force: true });
}, 120_000);

const healthcheck = () => {
  const health = lastOf(runtimeStage, 'HEALTHCHECK');
  if (!health) throw new Error('the Dockerfile has no HEALTHCHECK');
  const [, ...args] = healthcheckCommand(health).args;
  return run(process.execPath, args, {
    cwd: app,
    env: { ...childEnv, PORT: new URL(shipgateUrl).port },
  }).then(
    () => 0,
    (err: { code?: number }) => err.code ?? -1,
  );
};
const bin = (...args: string[]) =>
  run(process.execPath, ['src/bin.js', ...args], { cwd: app, env: childEnv }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (err: { code: number; stdout: string; stderr: string }) => err,
  );

describe('the built artifact (npm ci --omit=dev, then the Dockerfile CMD)', () => {
  it('was installed without any development dependency, and with better-sqlite3 built', () => {
    for (const dev of ['tsx', 'esbuild', 'typescript', 'vitest', '@biomejs/biome'])
      expect(existsSync(join(app, 'node_modules', dev)), dev).toBe(false);
    expect(existsSync(join(app, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'))).toBe(true);
    expect(existsSync(join(app, 'src/main.ts'))).toBe(false);
  });

  it('starts the sandbox (no Slack tokens) and answers /healthz', async () => {
    expect(banner).toMatch(/^Shipgate sandbox: no Slack tokens set/);
    const res = await fetch(`${shipgateUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it("passes the Dockerfile's HEALTHCHECK", async () => {
    expect(await healthcheck()).toBe(0);
  });

  it('serves the console bundle npm run build made, without esbuild', async () => {
    const res = await fetch(`${consoleUrl}/app.js`);
    expect(res.status).toBe(200);
    const built = readFileSync(join(app, 'dist/src/console', CONSOLE_BUNDLE_FILES.js), 'utf8');
    expect(built.length).toBeGreaterThan(1000);
    expect(await res.text()).toBe(built);
  });

  it('runs the built CLI through the shipgate bin: a backup while it runs, a restore refused', async () => {
    const backup = await bin('backup', 'data/backup.db', '--db', 'data/sandbox.db');
    expect(backup.stderr).toBe('');
    expect(backup.stdout).toMatch(/^Backed up .*sandbox\.db to .*backup\.db: .* audit chain verified/);
    expect(backup.code).toBe(0);
    const restore = await bin('restore', 'data/backup.db', '--db', 'data/sandbox.db', '--yes');
    expect(restore.stderr).toContain('is open in another process');
    expect(restore.code).toBe(1);
  });

  it('stops on SIGTERM with exit code 0, after which the HEALTHCHECK fails', async () => {
    child.kill('SIGTERM');
    expect(await exited).toEqual([0, null]);
    expect(await healthcheck()).toBe(1);
  });
});
