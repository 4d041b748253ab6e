import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalReadinessProbes } from '../../../src/adapters/readiness/readiness-probes.js';
import { FakeClock } from '../../../src/clock.js';
import { loadConfig } from '../../../src/config/load-config.js';
import type { LoadedConfig } from '../../../src/core/config/loaded-config.js';
import { readinessChecklistSchema } from '../../../src/core/config/readiness-checklist-schema.js';
import type { DeployRecord } from '../../../src/core/deploys/deploy-record.js';
import { OnCallResolver } from '../../../src/services/on-call-resolver.js';
import { assessReadiness } from '../../../src/services/readiness/assess-readiness.js';
import { attest } from '../../../src/services/readiness/attest-item.js';
import type { ReadinessRuntime } from '../../../src/services/readiness/readiness-runtime.js';
import { gateOf } from '../../../src/store/connection-gate.js';
import { openDatabase } from '../../../src/store/database.js';
import { EventLog } from '../../../src/store/event-log.js';
import { SqlAttestationStore } from '../../../src/store/sql/sql-attestation-store.js';
import { SqliteRunner } from '../../../src/store/sql/sqlite-runner.js';

const NODE = process.execPath;
const DAY = 86_400_000;
let server: Server;
let url: string;
let repoDir: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    res.statusCode = req.url === '/ok' ? 200 : 503;
    res.end(req.url === '/ok' ? 'healthy' : 'down');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  repoDir = mkdtempSync(join(tmpdir(), 'shipgate-readiness-repo-'));
  mkdirSync(join(repoDir, 'runbooks'));
  writeFileSync(join(repoDir, 'runbooks/rollback-production.md'), '# Rollback\n');
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function checklist(items: unknown[]) {
  return readinessChecklistSchema.parse({ sections: [{ name: 'Checks', items }] });
}

function setup(
  items: unknown[],
  options: { deploys?: DeployRecord[]; repository?: boolean; minimum?: number } = {},
) {
  const example = loadConfig('config/shipgate.example.yml');
  const checkout = example.config.services.checkout;
  if (checkout === undefined) throw new Error('no checkout');
  const config: LoadedConfig = {
    ...example,
    config: {
      ...example.config,
      readiness: {
        checklist: 'x.yml',
        minimum_score: options.minimum === undefined ? {} : { production: options.minimum },
        attestation_valid_for: { ms: 30 * DAY, text: '30d' },
        emergency_skips_gate: [],
      },
      services: {
        ...example.config.services,
        checkout: {
          ...checkout,
          ...(options.repository
            ? { repository: { path: repoDir, tag_prefix: 'v', tag_environments: ['production'] } }
            : {}),
        },
      },
    },
    readiness: { checklist: checklist(items), path: '/x.yml' },
  };
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'shipgate-readiness-db-')), 'shipgate.db'));
  const clock = new FakeClock('2026-11-24T10:00:00Z');
  const gate = gateOf(db);
  const runner = new SqliteRunner(db);
  const attestations = new SqlAttestationStore(runner);
  const events = new EventLog(runner);
  const rt: ReadinessRuntime = {
    config,
    clock,
    onCall: new OnCallResolver(
      undefined,
      { idByEmail: async () => undefined },
      () => config.config.roles['on-call-engineer'] ?? [],
    ),
    attestations,
    deploys: { recent: async () => options.deploys ?? [] },
    events,
    readinessProbes: new LocalReadinessProbes(config.config.services, {
      baseDir: mkdtempSync(join(tmpdir(), 'shipgate-readiness-cwd-')),
      env: process.env,
      killGraceMs: 100,
    }),
  };
  const writer = {
    config,
    clock,
    attestations,
    events,
    tx: gate,
  };
  return { rt, writer, events };
}

const Q = { service: 'checkout', version: '2.5.3', env: 'production' };

describe('assessReadiness', () => {
  it('runs real command checks and fills {service} {version} {env}', async () => {
    const { rt } = setup([
      {
        id: 'pass',
        text: 'passes',
        check: {
          command: `${NODE} -e "process.exit(process.argv[1]==='checkout 2.5.3 production'?0:1)" "{service} {version} {env}"`,
        },
      },
      {
        id: 'fail',
        text: 'fails',
        check: { command: `${NODE} -e "console.log('3 high vulnerabilities');process.exit(1)"` },
      },
    ]);
    const result = await assessReadiness(rt, Q);
    expect(result.items.map((i) => [i.id, i.passed])).toEqual([
      ['pass', true],
      ['fail', false],
    ]);
    expect(result.items[1]?.evidence).toContain('3 high vulnerabilities');
    expect(result.summary.score).toBe(50);
  });

  it('fails a hung check with "timed out after …" while the others run in parallel', async () => {
    const { rt } = setup([
      {
        id: 'hang',
        text: 'hangs',
        check: { command: `${NODE} -e "setInterval(Date.now,1000)"`, timeout: '1s' },
      },
      {
        id: 'slow',
        text: 'slow but fine',
        check: { command: `${NODE} -e "setTimeout(Date.now,700)"`, timeout: '5s' },
      },
    ]);
    const started = Date.now();
    const result = await assessReadiness(rt, Q);
    expect(Date.now() - started).toBeLessThan(4000);
    expect(result.items[0]).toMatchObject({ passed: false, reason: 'timed out after 1s' });
    expect(result.items[1]?.passed).toBe(true);
  });

  it('survives a check that prints binary garbage', async () => {
    const { rt } = setup([
      {
        id: 'garbage',
        text: 'garbage',
        check: {
          command: `${NODE} -e "process.stdout.write(Buffer.from([0,1,2,255,254,27,91,50,74,7,0xc3]));process.exit(3)"`,
        },
      },
    ]);
    const result = await assessReadiness(rt, Q);
    expect(result.items[0]?.passed).toBe(false);
    expect((result.items[0]?.evidence ?? '').replace(/[\n\t]/g, '')).not.toMatch(/\p{Cc}/u);
  });

  it('passes an HTTP check on 2xx and fails it otherwise (a real loopback server)', async () => {
    const { rt } = setup([
      { id: 'up', text: 'up', check: { http: `${url}/ok` } },
      { id: 'down', text: 'down', check: { http: `${url}/down` } },
    ]);
    const result = await assessReadiness(rt, Q);
    expect(result.items.map((i) => i.passed)).toEqual([true, false]);
    expect(result.items[1]?.reason).toContain('503');
  });

  it('runs the built-ins: on-call, monitoring, runbook, tests and emergency stop', async () => {
    const staging = {
      id: 'DEP-2026-0001',
      version: '2.5.3',
      env: 'staging',
      validations: [{ name: 'integration_tests', level: 'required', ok: true, summary: '', output: '' }],
    } as unknown as DeployRecord;
    const items = [
      { id: 'oncall', text: 'On-call', critical: true, check: { builtin: 'oncall_scheduled' } },
      {
        id: 'monitoring_enabled',
        text: 'Monitoring',
        critical: true,
        check: { builtin: 'monitoring_configured' },
      },
      { id: 'rollback_tested', text: 'Rollback', critical: true, check: { builtin: 'rollback_runbook' } },
      { id: 'tests_pass', text: 'Tests', critical: true, check: { builtin: 'tests_passed' } },
      { id: 'stop', text: 'Emergency stop', check: { builtin: 'emergency_stop_tested' } },
    ];
    const ok = await assessReadiness(setup(items, { repository: true, deploys: [staging] }).rt, Q);
    expect(ok.items.map((i) => [i.id, i.passed])).toEqual([
      ['oncall', true],
      ['monitoring_enabled', true],
      ['rollback_tested', true],
      ['tests_pass', true],
      ['stop', false],
    ]);
    expect(ok.items[4]?.reason).toContain('no emergency-stop drill is recorded');
    const bare = await assessReadiness(setup(items).rt, Q);
    expect(bare.items[2]?.reason).toBe(
      'checkout has no repository configured, so runbooks/rollback-production.md cannot be found',
    );
    expect(bare.items[3]?.reason).toBe('no recorded test run of 2.5.3');
    expect(bare.summary.band).toBe('do_not_deploy');
    const staged = await assessReadiness(setup(items, { repository: true }).rt, { ...Q, env: 'staging' });
    expect(staged.items[2]?.reason).toContain('rollback-staging.md');
  });

  it('passes the emergency-stop item on a stop → resume drill within attestation_valid_for, not on an older one', async () => {
    const items = [
      { id: 'stop', text: 'AI Agent emergency stop tested', check: { builtin: 'emergency_stop_tested' } },
    ];
    const { rt, events } = setup(items);
    const drill = async (stop: string, resume: string) => {
      await events.append({
        at: new Date(stop),
        actor: { id: 'U0CAROL', kind: 'human' },
        subject: 'agents',
        type: 'agents.suspended',
      });
      await events.append({
        at: new Date(resume),
        actor: { id: 'U0DAVE', kind: 'human' },
        subject: 'agents',
        type: 'agents.resumed',
      });
    };
    await drill('2026-10-01T09:00:00Z', '2026-10-01T09:05:00Z');
    const old = await assessReadiness(rt, Q);
    expect(old.items[0]?.passed).toBe(false);
    expect(old.items[0]?.reason).toContain('is older than readiness.attestation_valid_for (30d)');
    await events.append({
      at: new Date('2026-11-20T09:00:00Z'),
      actor: { id: 'U0CAROL', kind: 'human' },
      subject: 'agents',
      type: 'agents.suspended',
    });
    expect((await assessReadiness(rt, Q)).items[0]?.passed).toBe(false);
    await events.append({
      at: new Date('2026-11-20T09:03:00Z'),
      actor: { id: 'U0DAVE', kind: 'human' },
      subject: 'agents',
      type: 'agents.resumed',
    });
    const recent = await assessReadiness(rt, Q);
    expect(recent.items[0]?.passed).toBe(true);
    expect(recent.items[0]?.reason).toBe(
      'emergency-stop drill 2026-11-20T09:00:00.000Z (stopped by U0CAROL, resumed by U0DAVE)',
    );
  });

  it('answers an unknown service without throwing', async () => {
    const result = await assessReadiness(setup([{ id: 'a', text: 'a', attest: { role: 'cto' } }]).rt, {
      ...Q,
      service: 'nope',
    });
    expect(result).toMatchObject({ problem: 'unknown service nope', summary: { ready: false } });
  });
});

describe('attest', () => {
  const items = [{ id: 'signoff', text: 'Sign-off: Engineering Lead', attest: { role: 'engineering-lead' } }];

  it('refuses someone outside the role and stores a tick by a member with an event', async () => {
    const { rt, writer, events } = setup(items, { minimum: 90 });
    const refused = await attest(writer, {
      service: 'checkout',
      itemId: 'signoff',
      version: '2.5.3',
      userId: 'U0BOB',
      checked: true,
    });
    expect(refused.ok).toBe(false);
    expect(await rt.attestations.forService('checkout')).toEqual([]);
    const ticked = await attest(writer, {
      service: 'checkout',
      itemId: 'signoff',
      version: '2.5.3',
      userId: 'U0DAVE',
      checked: true,
    });
    expect(ticked.ok).toBe(true);
    expect((await assessReadiness(rt, Q)).summary).toMatchObject({ score: 100, ready: true });
    expect((await events.forSubject('readiness:checkout')).map((e) => [e.type, e.actor])).toEqual([
      ['readiness.attest', 'U0DAVE'],
    ]);
  });

  it('stops counting a tick once attestation_valid_for has passed on the clock', async () => {
    const { rt, writer } = setup(items);
    await attest(writer, {
      service: 'checkout',
      itemId: 'signoff',
      version: '2.5.3',
      userId: 'U0DAVE',
      checked: true,
    });
    (rt.clock as FakeClock).advance(30 * DAY);
    const result = await assessReadiness(rt, Q);
    expect(result.items[0]).toMatchObject({ passed: false, attestedBy: 'U0DAVE' });
    expect(result.items[0]?.reason).toContain('expired');
  });

  it('lets anyone in the role untick', async () => {
    const { rt, writer, events } = setup(items);
    await attest(writer, {
      service: 'checkout',
      itemId: 'signoff',
      version: '2.5.3',
      userId: 'U0DAVE',
      checked: true,
    });
    expect(
      (
        await attest(writer, {
          service: 'checkout',
          itemId: 'signoff',
          version: undefined,
          userId: 'U0DAVE',
          checked: false,
        })
      ).ok,
    ).toBe(true);
    expect(await rt.attestations.forService('checkout')).toEqual([]);
    expect((await events.forSubject('readiness:checkout')).at(-1)?.type).toBe('readiness.unattest');
  });
});
