import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedConfig } from '../../src/core/config/loaded-config.js';
import { watchSchema } from '../../src/core/config/watch-schema.js';
import type { IncidentRecord } from '../../src/core/incidents/incident-record.js';
import { IDS } from '../../src/slack/ids.js';
import { type DeployHarness, startDeployHarness } from '../support/deploy-harness.js';
import { seedProductionVersion } from '../support/deploy-history.js';
import { keepPostDeployment } from '../support/post-deployment-checks.js';

/**
 * The `security_incident` trigger end to end over signed HTTP with a fake clock: `/rollback --security` and a SEV-1
 * declared with `--security` during a live watch. The watch samples only a health check against a loopback server
 * that always answers 200, so no release ever rolls back on its own: every rollback here is the security trigger's.
 */
let health: Server;
let healthUrl: string;

function configure(automatic: boolean) {
  return (loaded: LoadedConfig): LoadedConfig => {
    const production = loaded.environments.get('production');
    if (!production) throw new Error('no production policy');
    const environments = new Map(loaded.environments);
    environments.set('production', {
      ...keepPostDeployment(production, ['health_checks', 'smoke_tests']),
      rollback: {
        ...production.rollback,
        automatic,
        notification: ['slack'],
        triggers: [...production.rollback.triggers, { kind: 'security_incident' }],
      },
      monitoring: { ...production.monitoring, duration: { ms: 30_000, text: '30s' } },
    });
    const checkout = loaded.config.services.checkout;
    if (!checkout) throw new Error('no checkout service');
    return {
      ...loaded,
      environments,
      config: {
        ...loaded.config,
        services: {
          ...loaded.config.services,
          checkout: {
            ...checkout,
            watch: watchSchema.parse({
              interval: '10s',
              min_samples: 1,
              health_check: { url: `${healthUrl}/healthz/{color}`, timeout: '1s' },
            }),
          },
        },
      },
    };
  };
}

const idOf = (text: string) => /DEP-\d{4}-\d{4}/.exec(text)?.[0] ?? '';
const incidentIdOf = (text: string) => /INC-\d{4}-\d{4}/.exec(text)?.[0] ?? '';

/** Helpers bound to one harness: deploys that pass their approvals, samples, commands and the Roll back now click. */
function driver(h: DeployHarness) {
  const command = async (user: string, command: string, text: string) => {
    const result = await h.slack.command({ user, command, text, channel: 'C0DEPLOYS' });
    await h.settle();
    return result;
  };
  const sample = async (times: number) => {
    for (let i = 0; i < times; i++) {
      h.clock.advance(10_000);
      await h.settle();
    }
  };
  /** Deploys `version` as Alice with Bob's and Carol's approvals; resolves once its watch runs. */
  const deployWatched = async (version: string) => {
    const id = idOf(await h.deploy('U0ALICE', `checkout ${version}`));
    await h.click('U0BOB', id, 'approve');
    await h.click('U0CAROL', id, 'approve');
    expect((await h.record(id)).state).toBe('watching');
    return id;
  };
  const incidentChannelText = (incident: IncidentRecord | undefined) =>
    h.slack.state
      .allMessages()
      .filter((m) => m.channel === incident?.channelId)
      .map((m) => m.text);
  /** Declares an incident as Alice and lets its setup, trigger and channel line run (retries after a second). */
  const declare = async (text: string) => {
    const ack = JSON.stringify((await command('U0ALICE', '/incident', `declare ${text}`)).ack);
    h.clock.advance(2_000);
    await h.settle();
    return { ack, incident: await h.shipgate.runtime.incidents.get(incidentIdOf(ack)) };
  };
  /** Clicks a button as `user` and waits until the rollback run of `bad` it starts has finished. */
  const clickToRollBack = async (
    user: string,
    at: { channel: string; ts: string },
    actionId: string,
    bad: string,
  ) => {
    await h.slack.clickButton({ user, channel: at.channel, ts: at.ts, actionId });
    await h.slack.waitFor(
      async () => {
        await h.settle();
        const run = await rollbackOf(h, bad);
        return run && run.state !== 'running' && run.state !== 'approved' ? run : undefined;
      },
      { timeoutMs: 20_000 },
    );
    await h.settle();
  };
  return { command, sample, deployWatched, incidentChannelText, declare, clickToRollBack };
}

const eventsOf = async (h: DeployHarness, subject: string) => await h.shipgate.events.forSubject(subject);
const rollbackOf = async (h: DeployHarness, id: string) =>
  (await h.shipgate.runtime.deploys.recent(20, 'checkout')).find(
    (d) => d.kind === 'rollback' && d.rollbackOf === id,
  );

beforeAll(async () => {
  health = createServer((_req, res) => res.writeHead(200).end('ok'));
  await new Promise<void>((resolve) => health.listen(0, '127.0.0.1', resolve));
  healthUrl = `http://127.0.0.1:${(health.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => health?.close(resolve));
});

/** A Shipgate whose production runs checkout 2.5.4, which survived its watch (a version to roll back to). */
async function startWithSurvivedRelease(automatic: boolean) {
  const h = await startDeployHarness({ configure: configure(automatic) });
  const d = driver(h);
  await seedProductionVersion(h, 'checkout', '2.5.3', 'blue');
  const good = await d.deployWatched('2.5.4');
  await d.sample(3);
  expect((await h.record(good)).survived).toBe(true);
  return { h, d };
}

describe('security rollbacks under rollback.automatic: true', () => {
  let h: DeployHarness;
  let d: ReturnType<typeof driver>;
  beforeAll(async () => {
    ({ h, d } = await startWithSurvivedRelease(true));
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('answers /rollback --security without a reason with an ephemeral usage error', async () => {
    const result = await d.command('U0CAROL', '/rollback', 'checkout --security');
    const ack = JSON.stringify(result.ack);
    expect(ack).toContain('ephemeral');
    expect(ack).toContain('`--security` needs a value');
    expect(ack).toContain('--security \\"&lt;reason&gt;\\"');
    expect(ack).not.toContain(IDS.rollbackNow);
  });

  it('shows a security plan, rolls back on the click, blocks for security and declares a SEV-1 security incident', async () => {
    const bad = await d.deployWatched('2.5.5');
    const dry = JSON.stringify(
      (await d.command('U0CAROL', '/rollback', 'checkout --security "leaked key" --dry-run')).ack,
    );
    expect(dry).toContain('Dry run — security rollback of checkout in production');
    expect(dry).not.toContain(IDS.rollbackNow);

    const plan = await d.command('U0CAROL', '/rollback', 'checkout --security "leaked key"');
    const shown = JSON.stringify(plan.ack);
    expect(shown).toContain('Security rollback of checkout in production: 2.5.5 → 2.5.4');
    expect(shown).toContain('Security rollback (trigger `security_incident`): leaked key');
    expect(shown).toContain('a SEV-1 security incident is declared');
    const ephemeral = h.slack.state
      .allMessages()
      .filter((m) => m.ephemeralFor === 'U0CAROL' && m.text.includes('Security rollback of checkout'))
      .at(-1);
    if (!ephemeral) throw new Error('the plan was not shown');
    await d.clickToRollBack('U0CAROL', ephemeral, IDS.rollbackNow, bad);

    expect((await h.record(bad)).state).toBe('rolled_back');
    const run = await rollbackOf(h, bad);
    expect(run).toMatchObject({
      state: 'succeeded',
      version: '2.5.4',
      previousVersion: '2.5.5',
      requester: 'U0CAROL',
    });
    const order = (await eventsOf(h, run?.id ?? '')).find((e) => e.type === 'deploy.order_rollback');
    expect(order?.payload).toMatchObject({
      reason: 'security incident: leaked key',
      trigger: 'security_incident: leaked key',
    });
    expect((await eventsOf(h, run?.id ?? '')).some((e) => e.type === 'deploy.security_rollback')).toBe(true);
    expect(await h.shipgate.runtime.deploys.blocked('checkout', 'production', '2.5.5')).toMatchObject({
      blockedBy: 'U0CAROL',
      reason: 'security incident: leaked key',
    });

    const linked = (await eventsOf(h, run?.id ?? '')).find((e) => e.type === 'deploy.rollback_incident');
    const incident = await h.shipgate.runtime.incidents.get(String(linked?.payload.incident));
    expect(incident).toMatchObject({
      severity: 'SEV-1',
      security: true,
      service: 'checkout',
      commander: 'U0CAROL',
    });
    expect(incident?.title).toBe(
      'Security rollback of checkout 2.5.5 in production: security_incident: leaked key',
    );
    expect(
      (await eventsOf(h, incident?.id ?? '')).find((e) => e.type === 'incident.linked_deploy')?.payload,
    ).toEqual({
      deploy: bad,
      rollback: run?.id,
    });
    expect(
      (await h.thread(bad)).some((t) =>
        t.includes(`${incident?.id} (SEV-1, security) declared for this rollback`),
      ),
    ).toBe(true);
    expect(d.incidentChannelText(incident).join('\n')).not.toContain('was being watched');

    const again = await h.deploy('U0ALICE', 'checkout 2.5.5');
    expect(again).toContain('security incident: leaked key');
    await d.command('U0BOB', '/deploy', 'unblock checkout');
  }, 60_000);

  it('rolls back at once when a SEV-1 security incident is declared during a live watch', async () => {
    const bad = await d.deployWatched('2.5.6');
    const { ack, incident } = await d.declare('SEV-1 "Signing key leaked" --security --service checkout');
    expect(ack).toContain('the `security_incident` rollback trigger fires on checkout');
    expect(incident).toMatchObject({ severity: 'SEV-1', security: true, service: 'checkout' });

    expect((await h.record(bad)).state).toBe('rolled_back');
    const run = await rollbackOf(h, bad);
    expect(run).toMatchObject({ state: 'succeeded', version: '2.5.4', previousVersion: '2.5.6' });
    const order = (await eventsOf(h, run?.id ?? '')).find((e) => e.type === 'deploy.order_rollback');
    expect(order?.actorKind).toBe('shipgate');
    expect(String(order?.payload.authority)).toMatch(
      /rollback\.automatic: true in .*production-deployment\.yml/,
    );
    expect(order?.payload.trigger).toBe(
      `security_incident: SEV-1 security incident ${incident?.id} declared by U0ALICE: Signing key leaked`,
    );
    expect((await h.shipgate.runtime.deploys.blocked('checkout', 'production', '2.5.6'))?.reason).toContain(
      'security_incident: SEV-1 security incident',
    );

    expect((await eventsOf(h, bad)).find((e) => e.type === 'deploy.security_incident')?.payload).toEqual({
      incident: incident?.id,
    });
    expect((await eventsOf(h, bad)).find((e) => e.type === 'deploy.rollback_incident')?.payload).toEqual({
      incident: incident?.id,
    });
    expect(
      (await eventsOf(h, incident?.id ?? ''))
        .filter((e) => e.type === 'incident.linked_deploy')
        .map((e) => e.payload),
    ).toEqual([
      { deploy: bad, trigger: 'security_incident' },
      { deploy: bad, rollback: run?.id },
    ]);
    expect((await h.shipgate.runtime.incidents.list()).filter((i) => i.title.includes('2.5.6'))).toEqual([]);
    expect(
      (await h.thread(bad)).some((t) =>
        t.includes('Rollback trigger fired — security_incident: SEV-1 security incident'),
      ),
    ).toBe(true);
    expect(d.incidentChannelText(incident).join('\n')).toContain(
      `\`security_incident\` fired: checkout 2.5.6 in production (${bad}) is rolled back by ${run?.id} to 2.5.4.`,
    );
    await d.command('U0BOB', '/deploy', 'unblock checkout');
  }, 60_000);

  it('declares a security incident normally and says so when no release is being watched', async () => {
    const before = (await h.shipgate.runtime.deploys.recent(50, 'checkout')).length;
    const { incident } = await d.declare('SEV-1 "Token in a log" --security --service checkout');
    expect(incident).toMatchObject({ severity: 'SEV-1', security: true });
    expect(await h.shipgate.runtime.deploys.recent(50, 'checkout')).toHaveLength(before);
    expect(d.incidentChannelText(incident).join('\n')).toContain(
      'No release of checkout was being watched, so nothing was rolled back.',
    );
  }, 30_000);
});

describe('a security incident under rollback.automatic: false', () => {
  let h: DeployHarness;
  let d: ReturnType<typeof driver>;
  beforeAll(async () => {
    ({ h, d } = await startWithSurvivedRelease(false));
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('recommends the rollback, and a click rolls back within the same incident', async () => {
    const bad = await d.deployWatched('2.5.5');
    const { incident } = await d.declare('SEV-1 "Signing key leaked" --security --service checkout');
    const watched = await h.record(bad);
    expect(watched.state).toBe('watching');
    expect(watched.watch?.state).toBe('recommending');
    expect(watched.watch?.firing).toMatchObject({ trigger: 'security_incident', streak: 1 });
    expect(d.incidentChannelText(incident).join('\n')).toContain(
      'a rollback is recommended in its deploy thread',
    );

    const ref = await h.shipgate.sync.ref('watch-decision', bad);
    if (!ref?.ts) throw new Error('no recommendation was posted');
    const decision = h.slack.state.message(ref.channel, ref.ts);
    expect(JSON.stringify(decision?.blocks)).toContain(
      `security_incident: SEV-1 security incident ${incident?.id}`,
    );
    await d.clickToRollBack('U0CAROL', { channel: ref.channel, ts: ref.ts }, IDS.watchRollback, bad);

    expect((await h.record(bad)).state).toBe('rolled_back');
    const run = await rollbackOf(h, bad);
    expect(run).toMatchObject({ state: 'succeeded', requester: 'U0CAROL' });
    expect(
      (await eventsOf(h, run?.id ?? '')).find((e) => e.type === 'deploy.rollback_incident')?.payload,
    ).toEqual({
      incident: incident?.id,
    });
    expect(
      (await h.shipgate.runtime.incidents.list()).filter((i) => i.title.includes('Rollback of checkout')),
    ).toEqual([]);
  }, 60_000);
});
