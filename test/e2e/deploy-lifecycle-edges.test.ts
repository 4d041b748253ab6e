import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptedEvents } from '../../src/core/deploys/deploy-state-machine.js';
import { DEPLOY_STATES } from '../../src/core/deploys/deploy-types.js';
import { type DeployHarness, startDeployHarness } from '../support/deploy-harness.js';
import { seedProductionVersion } from '../support/deploy-history.js';
import { storeRun } from '../support/store-query.js';

let h: DeployHarness;
const MIN = 60_000;
const idOf = (ack: string) => /DEP-\d{4}-\d{4}/.exec(ack)?.[0] ?? '';
const deploy = async (user: string, text: string) => idOf(await h.deploy(user, text));

beforeAll(async () => {
  h = await startDeployHarness({
    env: { FAKE_TARGET_FAIL: 'validate@3.1.0,deploy@3.8.0', FAKE_TARGET_HANG: 'validate@3.3.0,deploy@3.9.0' },
  });
  h.clock.set('2026-11-24T09:00:00Z');
  await seedProductionVersion(h, 'checkout', '3.0.0', 'blue');
});
afterAll(async () => {
  await h.stop();
});

/** Every `state:event` the deploys of this run went through, read from their audit events. */
async function edgesTaken(): Promise<Set<string>> {
  const edges = new Set<string>();
  const ids = (await h.shipgate.runtime.deploys.recent(1000)).map((d) => d.id);
  for (const id of ids)
    for (const e of await h.shipgate.events.forSubject(id)) {
      if (e.type === 'deploy.request') edges.add('none:request');
      else if (typeof e.payload.from === 'string')
        edges.add(`${e.payload.from}:${e.type.slice('deploy.'.length)}`);
    }
  return edges;
}

describe('every edge of the deploy state machine is reachable through Slack, timers and restarts', () => {
  it('approves in two steps, queues, re-plans and cancels', async () => {
    const first = await deploy('U0ALICE', 'checkout 3.0.1');
    const second = await deploy('U0ALICE', 'checkout 3.0.2');
    expect((await h.record(second)).state).toBe('queued');
    await h.click('U0BOB', first, 'approve');
    await h.click('U0CAROL', first, 'approve');
    expect((await h.record(first)).state).toBe('succeeded');
    expect((await h.record(second)).state).toBe('awaiting_approval');
    expect(await h.deploy('U0ALICE', `cancel ${second}`)).toContain('is cancelled');
  });

  it('refuses a queued request that is no longer newer and cancels one still waiting', async () => {
    const holder = await deploy('U0ALICE', 'checkout 3.0.9');
    const older = await deploy('U0ALICE', 'checkout 3.0.5');
    const waiting = await deploy('U0ALICE', 'checkout 3.0.10');
    expect(await h.deploy('U0ALICE', `cancel ${waiting}`)).toContain('is cancelled');
    await h.click('U0BOB', holder, 'approve');
    await h.click('U0CAROL', holder, 'approve');
    expect((await h.record(older)).state).toBe('refused');
  });

  it('fails a request whose required validation fails, and cancels one while it validates', async () => {
    expect((await h.record(await deploy('U0ALICE', 'checkout 3.1.0'))).state).toBe('failed');
    const reply = await h.slack.command({
      user: 'U0ALICE',
      command: '/deploy',
      text: 'checkout 3.3.0',
      channel: 'C0DEPLOYS',
    });
    const hanging = idOf(JSON.stringify(reply.ack));
    void h.shipgate.timers.tick();
    await h.slack.waitFor(
      () => h.targetCalls().some((c) => c.step === 'validate' && c.args.includes('3.3.0')),
      {
        timeoutMs: 10_000,
      },
    );
    expect((await h.record(hanging)).state).toBe('validating');
    expect(await h.deploy('U0ALICE', `cancel ${hanging}`)).toContain('is cancelled');
    expect((await h.record(hanging)).state).toBe('cancelled');
  });

  it('rejects while awaiting approval, and escalates, then takes a partial and a complete approval', async () => {
    await h.reject('U0BOB', await deploy('U0ALICE', 'checkout 3.5.0'), 'Not today');
    const id = await deploy('U0ALICE', 'checkout 3.5.1');
    h.clock.advance(30 * MIN);
    await h.settle();
    expect((await h.record(id)).state).toBe('escalated');
    await h.click('U0BOB', id, 'approve');
    expect((await h.record(id)).state).toBe('escalated');
    await h.click('U0DAVE', id, 'approve');
    expect((await h.record(id)).state).toBe('succeeded');
  });

  it('rejects, cancels and expires escalated requests', async () => {
    h.clock.set('2026-11-25T09:00:00Z');
    const escalate = async (version: string) => {
      const id = await deploy('U0ALICE', `checkout ${version}`);
      h.clock.advance(30 * MIN);
      await h.settle();
      expect((await h.record(id)).state).toBe('escalated');
      return id;
    };
    await h.reject('U0DAVE', await escalate('3.6.0'), 'Wrong week');
    expect(await h.deploy('U0ALICE', `cancel ${await escalate('3.6.1')}`)).toContain('is cancelled');
    const expiring = await escalate('3.6.2');
    h.clock.advance(30 * MIN);
    await h.settle();
    expect((await h.record(expiring)).state).toBe('expired');
  });

  it('expires an approval without an escalation role, and runs a deploy that needs no approval', async () => {
    h.clock.set('2026-11-25T12:00:00Z');
    const emergency = await deploy('U0ALICE', 'checkout 1.0.0 --env staging --emergency "failover drill"');
    expect((await h.record(emergency)).state).toBe('awaiting_approval');
    h.clock.advance(30 * MIN);
    await h.settle();
    expect((await h.record(emergency)).state).toBe('expired');
    expect((await h.record(await deploy('U0ALICE', 'checkout 1.0.1 --env staging'))).state).toBe('succeeded');
  });

  it('refuses an approved deploy once the change window has closed, and fails one whose step fails', async () => {
    h.clock.set('2026-11-26T09:00:00Z');
    const late = await deploy('U0ALICE', 'checkout 3.7.0');
    await h.click('U0BOB', late, 'approve');
    h.clock.set('2026-11-26T15:30:00Z');
    await h.click('U0CAROL', late, 'approve');
    expect((await h.record(late)).state).toBe('refused');
    h.clock.set('2026-11-26T09:30:00Z');
    const failing = await deploy('U0ALICE', 'checkout 3.8.0');
    await h.click('U0BOB', failing, 'approve');
    await h.click('U0CAROL', failing, 'approve');
    expect((await h.record(failing)).state).toBe('failed');
  });

  it('marks a deploy found running with no run timer at start-up as interrupted, and lets a human abandon it', async () => {
    const id = await deploy('U0ALICE', 'checkout 3.9.0');
    await h.click('U0BOB', id, 'approve');
    const posted = await h.message(id);
    if (!posted) throw new Error('no deploy message');
    await h.slack.clickButton({
      user: 'U0CAROL',
      channel: posted.channel,
      ts: posted.ts,
      actionId: 'deploy.approve',
    });
    await h.slack.waitFor(
      () => h.targetCalls().some((c) => c.step === 'deploy' && c.args.includes('3.9.0')),
      {
        timeoutMs: 10_000,
      },
    );
    // What a Shipgate from before run timers leaves behind when it dies mid-step: a running deploy no run timer
    // looks after (a run timer's own takeover is exercised by the restart and replica tests). The scheduler will not
    // cancel a timer whose handler it is running (it is firing), so the row is taken away behind its back.
    const orphaned = await storeRun(
      h.shipgate,
    )`UPDATE timers SET cancelled_at = ${h.clock.now().getTime()} WHERE subject = ${`run:${id}`} AND fired_at IS NULL AND cancelled_at IS NULL`;
    expect(orphaned).toBe(1);
    h.shipgate.deploys.recover();
    await h.settle();
    expect((await h.record(id)).state).toBe('interrupted');
    expect(await h.deploy('U0ALICE', `cancel ${id}`)).toContain('is cancelled');
    expect((await h.record(id)).state).toBe('failed');
  });

  it('has gone through every edge of the table; the watch’s are taken and checked where a watch runs', async () => {
    const elsewhere = new Map([
      ['running:roll_back', 'watch-canary.test.ts'],
      ['running:watch', 'watch-decisions.test.ts'],
      ['watching:survive', 'watch-decisions.test.ts'],
      ['watching:end_watch', 'watch-decisions.test.ts'],
      ['watching:roll_back', 'watch-decisions.test.ts'],
      ['succeeded:roll_back', 'watch-decisions.test.ts'],
    ]);
    for (const [edge, file] of elsewhere)
      expect(readFileSync(join('test/e2e', file), 'utf8'), `${edge} in ${file}`).toContain(`'${edge}'`);
    const watchEdges = new Set(elsewhere.keys());
    const table = [
      'none:request',
      ...DEPLOY_STATES.flatMap((s) => acceptedEvents(s).map((e) => `${s}:${e}`)),
    ].filter((edge) => !watchEdges.has(edge));
    const taken = await edgesTaken();
    expect(table.filter((edge) => !taken.has(edge))).toEqual([]);
  });
});
