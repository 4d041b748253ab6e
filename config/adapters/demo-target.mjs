#!/usr/bin/env node
/**
 * Demo deploy target for the example config, so the sandbox can deploy "for real" without infrastructure.
 *
 *   node config/adapters/demo-target.mjs <step> <service> <version> <env> [color] [percent]
 *   node config/adapters/demo-target.mjs validate <service> <version> <check> [env]
 *   node config/adapters/demo-target.mjs status <service> <env>
 *
 * Steps: deploy, smoke_test, switch_traffic, set_traffic, health_check. Each prints what it does line by line and
 * exits 0. The live colour, the version on each colour and the canary share are kept per service and environment
 * in data/demo-target/<service>-<env>.json (DEMO_TARGET_STATE_DIR moves it).
 *
 * To demonstrate failures: DEMO_TARGET_FAIL_STEP=<step or check> makes that step exit 1, and
 * DEMO_TARGET_SLOW_MS=<ms> waits that long before finishing each step (try it with a short timeout).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const STEPS = ['deploy', 'smoke_test', 'switch_traffic', 'set_traffic', 'health_check', 'validate', 'status'];
const USAGE =
  'usage: demo-target.mjs <deploy|smoke_test|switch_traffic|set_traffic|health_check> <service> <version> <env> [color] [percent]\n' +
  '       demo-target.mjs validate <service> <version> <check> [env]\n' +
  '       demo-target.mjs status <service> <env>';

const stateDir = process.env.DEMO_TARGET_STATE_DIR
  ? resolve(process.env.DEMO_TARGET_STATE_DIR)
  : resolve(dirname(fileURLToPath(import.meta.url)), '../../data/demo-target');

function usage(problem) {
  console.error(`demo-target: ${problem}\n${USAGE}`);
  process.exit(2);
}

const [step, service, ...rest] = process.argv.slice(2);
if (!STEPS.includes(step ?? '')) usage(`unknown step "${step ?? ''}"`);
if (!service) usage('missing service');

const name = (text) => /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(text ?? '');
const say = (line) => console.log(line);

function stateFile(env) {
  if (!name(service) || !name(env)) usage('service and env must be plain names');
  return join(stateDir, `${service}-${env}.json`);
}

function readState(env) {
  try {
    return JSON.parse(readFileSync(stateFile(env), 'utf8'));
  } catch {
    return { live: 'blue', colors: {}, version: undefined, canary: undefined };
  }
}

function writeState(env, state) {
  mkdirSync(stateDir, { recursive: true });
  // The folder is runtime state: keep it out of git whatever the repository's .gitignore says.
  writeFileSync(join(stateDir, '.gitignore'), '*\n');
  const file = stateFile(env);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(temp, file);
}

async function finish(what) {
  const slow = Number(process.env.DEMO_TARGET_SLOW_MS ?? 0);
  if (slow > 0) {
    say(`(waiting ${slow} ms, DEMO_TARGET_SLOW_MS)`);
    await sleep(slow);
  }
  if (process.env.DEMO_TARGET_FAIL_STEP === what) {
    console.error(`${what} failed for ${service} (DEMO_TARGET_FAIL_STEP=${what})`);
    process.exit(1);
  }
}

const other = (color) => (color === 'blue' ? 'green' : 'blue');

async function main() {
  if (step === 'status') {
    const [env] = rest;
    say(JSON.stringify(readState(env), null, 2));
    return;
  }
  if (step === 'validate') {
    const [version, check, env] = rest;
    if (!version || !name(check)) usage('validate needs <service> <version> <check>');
    say(`running ${check} for ${service} ${version}${env ? ` (${env})` : ''}…`);
    await finish(check);
    say(`${check}: passed`);
    return;
  }

  const [version, env, color = '', percent = ''] = rest;
  if (!version || !env) usage(`${step} needs <service> <version> <env>`);
  const state = readState(env);
  const where = color || 'all instances';
  switch (step) {
    case 'deploy':
      say(`deploying ${service} ${version} to ${where} (${env})…`);
      say(`pulling ${service}:${version}`);
      say(`starting 3 instances of ${service} ${version}`);
      await finish(step);
      if (color) state.colors[color] = version;
      else state.version = version;
      say(`${service} ${version} is up on ${where}`);
      break;
    case 'smoke_test':
      say(`smoke testing ${service} ${version} on ${where}…`);
      await finish(step);
      say('GET /healthz → 200');
      say('smoke tests passed (3 checks)');
      break;
    case 'switch_traffic': {
      const to = color || other(state.live);
      say(`switching ${service} traffic in ${env} from ${state.live} to ${to}…`);
      await finish(step);
      state.live = to;
      state.version = state.colors[to] ?? version;
      say(`${to} is live with ${service} ${state.version}; ${other(to)} is idle`);
      break;
    }
    case 'set_traffic': {
      const share = percent === '' ? Number.NaN : Number(percent);
      if (!Number.isFinite(share) || share < 0 || share > 100)
        usage('set_traffic needs a percent from 0 to 100');
      const stable = state.version ?? 'the previous version';
      say(`routing ${share}% of ${service} traffic in ${env} to ${version}…`);
      await finish(step);
      state.canary = share === 100 ? undefined : { version, percent: share };
      if (share === 100) state.version = version;
      say(
        share === 100 ? `all traffic on ${version}` : `${share}% on ${version}, ${100 - share}% on ${stable}`,
      );
      break;
    }
    case 'health_check':
      say(`checking health of ${service} ${version} on ${where} (${env})…`);
      await finish(step);
      say('error rate 0.2%, p99 latency 180 ms: healthy');
      break;
  }
  writeState(env, state);
}

await main();
