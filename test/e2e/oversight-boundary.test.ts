import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDS } from '../../src/slack/ids.js';
import { OPERATOR } from '../support/agent-api-server.js';
import { type DemoMetricsService, startDemoMetricsService } from '../support/demo-metrics-service.js';
import { type DeployHarness, startDeployHarness } from '../support/deploy-harness.js';
import { seedProductionVersion } from '../support/deploy-history.js';
import { missingPrometheus, type PrometheusServer, startPrometheus } from '../support/prometheus-server.js';
import { storeCount, storeRows, storeRun } from '../support/store-query.js';
import { waitForQuery } from '../support/wait-for-query.js';
import { approve, command, configureWatch, ERRORS, idOf } from '../support/watch-scenario.js';

/**
 * The oversight boundary end to end on a real Shipgate (real Bolt app over signed HTTP, SQLite, the agent door on
 * the same server, a real Prometheus behind the watch): every forbidden action tried through every entry point —
 * slash command and button as a Slack bot user and as an app (agent) user, the agent API with an agent token, an MCP
 * tool call, and Shipgate's own start-up recovery — is refused with its rule, recorded as `oversight.refused`, and
 * changes nothing; an agent's recommendation becomes a rollback only when a person clicks, as that person.
 */
let demo: DemoMetricsService;
let prom: PrometheusServer;
let h: DeployHarness;
let token: string;
let watched: string;
let incident: string;
/** What a bot user and an app user were told when they clicked Approve before the people did. */
let bypassed: string[];
let bypassedApprovals: number;

const api = (method: string, path: string, body?: unknown) =>
  fetch(`${h.shipgate.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const refusals = () =>
  storeRows<{ actor: string; kind: string; payload: string }>(h.shipgate)`
    SELECT actor, actor_kind AS kind, payload FROM events WHERE type = 'oversight.refused' ORDER BY id`;
const rulesRefused = async (actor: string) =>
  (await refusals())
    .filter((r) => r.actor === actor)
    .map((r) => (JSON.parse(r.payload) as { rule: string }).rule);
/** What a forbidden attempt must not change: the deploys, the incident, the lanes, the target, the agent switch. */
const world = async () => ({
  deploys: (await h.shipgate.runtime.deploys.recent(50)).map((d) => [
    d.id,
    d.state,
    d.watch?.state,
    d.version,
  ]),
  incident: await h.shipgate.runtime.incidents.get(incident),
  target: h.targetCalls().length,
  blocked: await storeCount(h.shipgate)`SELECT count(*) AS n FROM blocked_versions`,
  switch: (await h.shipgate.agents.suspension()).suspended,
});

beforeAll(async () => {
  demo = await startDemoMetricsService({ service: 'checkout' });
  prom = await startPrometheus({ targets: [demo.hostPort] });
  await waitForQuery(prom.url, ERRORS('blue'), (v) => v === 0, { timeoutMs: 20_000 });
  h = await startDeployHarness({
    configure: configureWatch({ prometheusUrl: prom.url, demoUrl: demo.url, automatic: false }),
  });
  const added = await h.shipgate.agents.add(
    { name: 'watcher', scopes: ['read', 'recommend', 'annotate', 'alert'] },
    OPERATOR,
  );
  if (!added.ok) throw new Error(added.reason);
  token = added.token;
  await seedProductionVersion(h, 'checkout', '2.5.3', 'blue');
  await seedProductionVersion(h, 'checkout', '1.0.0', undefined, { env: 'staging', strategy: 'rolling' });
  watched = idOf(await h.deploy('U0ALICE', 'checkout 2.5.4'));
  bypassed = [await h.click('U0ROBOT', watched, 'approve'), await h.click('U0AGENT', watched, 'approve')];
  bypassedApprovals = (await h.shipgate.runtime.deploys.approvals(watched)).length;
  await approve(h, watched);
  const declared = await h.slack.command({
    user: 'U0ALICE',
    command: '/incident',
    text: 'declare SEV-2 "Checkout slow" --service checkout',
    channel: 'C0DEPLOYS',
  });
  await h.settle();
  incident = /INC-\d{4}-\d{4}/.exec(JSON.stringify(declared.ack))?.[0] ?? '';
}, 60_000);
afterAll(async () => {
  await h?.stop();
  await prom?.stop();
  await demo?.stop();
});

describe.skipIf(missingPrometheus())('the oversight boundary on every path', () => {
  it('has a watched deploy and an open incident to try things on', async () => {
    expect((await h.record(watched)).state).toBe('watching');
    expect(incident).toMatch(/^INC-/);
  });

  const slashAttempts: readonly (readonly [string, string, string])[] = [
    ['/deploy', 'checkout 2.5.5', 'OB-DEPLOY-1'],
    ['/rollback', 'checkout', 'OB-ROLLBACK-1'],
    ['/deploy', 'watch stop {deploy}', 'OB-MON-1'],
    ['/deploy', 'unblock checkout', 'OB-CONFIG-1'],
    ['/incident', '{incident} ack', 'OB-INC-1'],
    ['/incident', '{incident} severity SEV-1', 'OB-INC-4'],
    ['/incident', '{incident} commander @U0BOB', 'OB-INC-2'],
    ['/incident', '{incident} resolve fixed it', 'OB-INC-3'],
    ['/shipgate', 'agents stop', 'OB-STOP-1'],
  ];
  for (const user of ['U0ROBOT', 'U0AGENT'])
    it(`refuses every forbidden slash command of ${user} with its rule, records it and changes nothing`, async () => {
      const before = await world();
      for (const [name, text, rule] of slashAttempts) {
        const answer = await command(
          h,
          user,
          name,
          text.replace('{deploy}', watched).replace('{incident}', incident),
        );
        expect(answer, `${name} ${text}`).toContain(rule);
        expect(answer).toContain('ephemeral');
      }
      expect((await rulesRefused(user)).slice(1)).toEqual(slashAttempts.map(([, , rule]) => rule));
      expect(await world()).toEqual(before);
    });

  it('refuses every forbidden route of the agent API with 403 and the rule, records it, and changes nothing', async () => {
    const before = await world();
    const attempts: readonly (readonly [string, string, string, unknown?])[] = [
      ['POST', '/deploys', 'OB-DEPLOY-1', { service: 'checkout', version: '2.5.5' }],
      ['POST', `/deploys/${watched}/approve`, 'OB-DEPLOY-2'],
      ['POST', `/deploys/${watched}/rollback`, 'OB-ROLLBACK-1'],
      ['POST', `/incidents/${incident}/resolve`, 'OB-INC-3'],
      ['PUT', '/config', 'OB-CONFIG-1', { rollback: { automatic: true } }],
      ['GET', '/secrets', 'OB-SECRET-1'],
      ['DELETE', `/deploys/${watched}/watch`, 'OB-MON-1'],
    ];
    for (const [method, path, rule, body] of attempts) {
      const res = await api(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(await res.json()).toMatchObject({ error: 'forbidden', rule });
    }
    await h.settle();
    expect(await rulesRefused('agent:watcher')).toEqual(attempts.map(([, , rule]) => rule));
    expect(await world()).toEqual(before);
  });

  it('offers MCP clients only the permitted tools; a forbidden one does not exist', async () => {
    const client = new Client({ name: 'oversight-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${h.shipgate.url}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    const tools = (await client.listTools()).tools.map((t) => t.name);
    for (const forbidden of [
      'approve_deploy',
      'request_deploy',
      'rollback',
      'resolve_incident',
      'stop_watch',
    ])
      expect(tools).not.toContain(forbidden);
    const before = await world();
    const tried = await client
      .callTool({ name: 'approve_deploy', arguments: { id: watched } })
      .catch((e) => e);
    expect(JSON.stringify(tried)).toMatch(/approve_deploy/);
    const read = await client.callTool({ name: 'get_deploy', arguments: { deploy_id: watched } });
    expect(JSON.stringify(read.content)).toContain(watched);
    expect(await world()).toEqual(before);
    await client.close();
  });

  it('refused the Approve clicks of a bot and an app user before the approval rules were read', async () => {
    expect(bypassed[0]).toContain('Bots may not approve a deploy');
    expect(bypassed[1]).toContain('AI agents may not approve a deploy');
    for (const answer of bypassed) expect(answer).toContain('OB-DEPLOY-2');
    expect(bypassedApprovals).toBe(0);
    expect((await rulesRefused('U0ROBOT'))[0]).toBe('OB-DEPLOY-2');
  });

  it('refuses to start, on recovery, an approved deploy no person approved (a row set to approved by hand)', async () => {
    const queued = idOf(await h.deploy('U0ALICE', 'checkout 2.5.6'));
    expect((await h.record(queued)).state).toBe('queued');
    await storeRun(h.shipgate)`UPDATE deploys SET state = 'approved' WHERE id = ${queued}`;
    const staging = { id: queued };
    const calls = h.targetCalls().length;
    h.shipgate.deploys.recover();
    await h.settle();
    expect((await h.record(staging.id)).state).toBe('refused');
    expect((await h.record(staging.id)).outcome).toContain('only to carry out a decision people made');
    expect(h.targetCalls().length).toBe(calls);
    expect(await rulesRefused('shipgate')).toContain('OB-DEPLOY-3');
  });

  it('turns an agent recommendation into a rollback only on a person’s click, executed as that person', async () => {
    const res = await api('POST', `/deploys/${watched}/recommendations`, {
      action: 'rollback',
      reasoning: 'error rate <!channel> doubled since 2.5.4',
      metrics: { error_rate: 0.12 },
    });
    expect(res.status).toBe(201);
    const { id: rec } = (await res.json()) as { id: string };
    await h.settle();
    expect((await h.record(watched)).state).toBe('watching');
    const ref = await h.shipgate.sync.ref('agent-recommendation', watched);
    const posted = ref?.ts ? h.slack.state.message(ref.channel, ref.ts) : undefined;
    expect(JSON.stringify(posted?.blocks)).toContain(IDS.recommendationAccept);
    expect(JSON.stringify(posted?.blocks)).not.toContain('<!channel>');
    const click = async (user: string) => {
      const result = await h.slack.clickButton({
        user,
        channel: ref?.channel ?? '',
        ts: ref?.ts ?? '',
        actionId: IDS.recommendationAccept,
      });
      await h.slack.waitFor(() => result.responses.length > 0 || undefined, { timeoutMs: 5000 });
      await h.settle();
      return result.responses.map((r) => JSON.stringify(r.body)).join('\n');
    };
    expect(await click('U0ROBOT')).toContain('OB-ROLLBACK-1');
    expect(await click('U0ERIN')).toContain('You may not decide this');
    expect((await h.record(watched)).state).toBe('watching');
    expect(await click('U0BOB')).toContain('rolls checkout back');
    const run = (await h.shipgate.runtime.deploys.recent(50)).find(
      (d) => d.kind === 'rollback' && d.rollbackOf === watched,
    );
    expect(run?.requester).toBe('U0BOB');
    const ordered = (await h.shipgate.events.forSubject(run?.id ?? '')).find(
      (e) => e.type === 'deploy.order_rollback',
    );
    expect(ordered).toMatchObject({ actor: 'U0BOB', actorKind: 'human' });
    expect(JSON.stringify(ordered?.payload)).toContain(rec);
    const decided = (await h.shipgate.events.forSubject(watched)).find(
      (e) => e.type === 'deploy.recommendation_decided',
    );
    expect(decided).toMatchObject({ actor: 'U0BOB', actorKind: 'human', payload: { decision: 'accepted' } });
  });

  it('lets an agent document an incident and raise an alert that pages, through the normal path', async () => {
    const note = await api('POST', `/incidents/${incident}/notes`, { text: 'p99 back to 180 ms at 10:42' });
    expect(note.status).toBe(201);
    const analysis = await api('POST', `/incidents/${incident}/analysis`, {
      markdown: '## Cause\nA slow query.',
    });
    expect(analysis.status).toBe(201);
    const alert = await api('POST', '/alerts', {
      service: 'checkout',
      summary: 'error budget burn',
      severity: 'warning',
    });
    expect(alert.status).toBe(201);
    await h.settle();
    const timeline = (await (await api('GET', `/incidents/${incident}/timeline`)).json()) as {
      timeline: { text: string; actorKind: string }[];
    };
    expect(timeline.timeline.filter((e) => e.actorKind === 'agent').map((e) => e.text)).toEqual([
      'Note by agent watcher: p99 back to 180 ms at 10:42',
      'Analysis attached to the report by agent watcher: ## Cause A slow query.',
    ]);
    expect(h.pagerduty.events.some((e) => JSON.stringify(e.body).includes('error budget burn'))).toBe(true);
    expect((await h.shipgate.runtime.incidents.get(incident))?.status).not.toBe('resolved');
  });

  it('stops every agent at once on /shipgate agents stop by the on-call, and counts the drill once resumed', async () => {
    expect(await command(h, 'U0ERIN', '/shipgate', 'agents stop')).toContain(
      'Only an engineering lead or the on-call',
    );
    expect(await command(h, 'U0CAROL', '/shipgate', 'agents stop')).toContain(
      'Every agent token is suspended',
    );
    expect((await api('GET', '/deploys')).status).toBe(401);
    expect(
      h.slack
        .messages('#incidents')
        .map((m) => m.text)
        .join('\n'),
    ).toContain('Emergency stop: <@U0CAROL>');
    expect(await command(h, 'U0DAVE', '/shipgate', 'agents resume')).toContain('Agents may act again');
    expect((await api('GET', '/deploys')).status).toBe(200);
    expect(await command(h, 'U0DAVE', '/shipgate', 'audit verify')).toContain('events verify');
  });
});
