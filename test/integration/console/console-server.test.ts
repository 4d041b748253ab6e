import { request } from 'node:http';
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/clock.js';
import { loadConfig } from '../../../src/config/load-config.js';
import type {
  ConsoleMessage,
  ConsoleView,
  ConsoleWorkspace,
} from '../../../src/console/app/console-api-types.js';
import { type ConsoleServer, startConsoleServer } from '../../../src/console/console-server.js';
import { readManifestCommands } from '../../../src/console/manifest-commands.js';
import { SlackStandIn } from '../../../src/sandbox/slack-stand-in.js';
import type { Shipgate } from '../../../src/shipgate.js';
import { startTestShipgate, TEST_SIGNING_SECRET } from '../../support/test-shipgate.js';

let standIn: SlackStandIn;
let shipgate: Shipgate;
let consoleServer: ConsoleServer;

beforeAll(async () => {
  standIn = await SlackStandIn.start({ seed: true });
  shipgate = await startTestShipgate({
    apiUrl: standIn.apiUrl,
    clock: new FakeClock('2026-11-24T10:00:00Z'),
    startScheduler: true,
  });
  standIn.connectBot({ url: `${shipgate.url}/slack/events`, signingSecret: TEST_SIGNING_SECRET });
  consoleServer = await startConsoleServer({
    standIn,
    roles: loadConfig('config/shipgate.example.yml').config.roles,
    ...readManifestCommands('manifest.yml'),
  });
}, 30_000);

afterAll(async () => {
  await consoleServer?.stop();
  await shipgate?.stop();
  await standIn?.stop();
});

const api = (path: string) => `${consoleServer.url}${path}`;
const getJson = async <T>(path: string): Promise<T> => (await fetch(api(path))).json() as Promise<T>;
const post = (path: string, body: unknown) =>
  fetch(api(path), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

/** Reads the event stream until `predicate` holds for the text received so far. */
async function readEvents(
  predicate: (text: string) => boolean,
  start: () => Promise<unknown>,
): Promise<string> {
  const res = await fetch(api('/api/events'));
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  const first = await reader.read();
  text += decoder.decode(first.value);
  const seen = text;
  await start();
  while (!predicate(text.slice(seen.length))) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value);
  }
  await reader.cancel();
  return text.slice(seen.length);
}

describe('the sandbox web console', () => {
  it('binds to 127.0.0.1 only', () => {
    expect(consoleServer.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves the page with a Content-Security-Policy that forbids inline scripts and remote loads', async () => {
    const res = await fetch(api('/'));
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await res.text();
    expect(html).toContain('<script type="module" src="/app.js"></script>');
    expect(html).not.toMatch(/<script>|<style>|https?:\/\//);
    const js = await fetch(api('/app.js'));
    expect(js.headers.get('content-type')).toContain('text/javascript');
    expect((await js.text()).length).toBeGreaterThan(1000);
  });

  it('refuses requests addressed to another host name (DNS rebinding) and form posts', async () => {
    const port = new URL(consoleServer.url).port;
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path: '/api/workspace', headers: { host: 'evil.test' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(421);
    const form = await fetch(api('/api/command'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'user=U0ALICE&channel=C0DEPLOYS&text=/deploy%20help',
    });
    expect(form.status).toBe(415);
  });

  it("lists channels, the config's people with their roles and the manifest's commands with usage hints", async () => {
    const workspace = await getJson<ConsoleWorkspace>('/api/workspace?user=U0ALICE');
    expect(workspace.channels.map((c) => c.name)).toEqual(
      expect.arrayContaining(['deploys', 'incidents', 'status']),
    );
    expect(workspace.people.find((p) => p.name === 'bob')?.roles).toEqual(['team-lead']);
    expect(workspace.people.find((p) => p.name === 'alice')?.roles).toContain('release-manager');
    expect(workspace.people.some((p) => p.name === 'ci-robot' || p.name === 'shipgate')).toBe(false);
    expect(workspace.commands.find((c) => c.command === '/deploy')?.usageHint).toContain(
      '<service> <version>',
    );
    expect(workspace.shortcuts).toEqual([
      { name: 'Declare incident', callbackId: 'incident.declare_from_message' },
    ]);
    expect(workspace.demo).toBe(false);
  });

  it('answers the demo endpoints with 404 and a clear message when no demo target runs', async () => {
    const res = await post('/api/demo/break', { color: 'blue' });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: string }).error).toContain('no demo target');
  });

  it('sends a slash command as the chosen user to Shipgate, pushes a change over SSE, shows the answer only to them', async () => {
    const events = await readEvents(
      (text) => text.includes('event: change'),
      async () => {
        const res = await post('/api/command', {
          user: 'U0ALICE',
          channel: 'C0DEPLOYS',
          text: '/deploy help',
        });
        expect(res.status).toBe(200);
        expect(((await res.json()) as { status: number }).status).toBe(200);
      },
    );
    expect(events).toContain('event: change');
    const mine = await getJson<ConsoleMessage[]>('/api/channels/C0DEPLOYS/messages?user=U0ALICE');
    const help = mine.find((m) => m.ephemeral && /\/deploy (<|&lt;)service(>|&gt;)/.test(JSON.stringify(m)));
    expect(help).toBeDefined();
    const bobs = await getJson<ConsoleMessage[]>('/api/channels/C0DEPLOYS/messages?user=U0BOB');
    expect(bobs.some((m) => m.ephemeral)).toBe(false);
  });

  it('submits the Reject modal Shipgate opens through the console, and the deploy is rejected', async () => {
    const res = await post('/api/command', {
      user: 'U0ALICE',
      channel: 'C0DEPLOYS',
      text: '/deploy checkout 2.5.4',
    });
    expect(res.status).toBe(200);
    const request = await standIn.waitFor(() =>
      standIn
        .messages('deploys')
        .find((m) => !m.ephemeralFor && JSON.stringify(m.blocks ?? []).includes('"deploy.reject"')),
    );
    const click = await post('/api/action', {
      user: 'U0FRANK',
      channel: 'C0DEPLOYS',
      ts: request.ts,
      actionId: 'deploy.reject',
    });
    expect(click.status).toBe(200);
    await standIn.waitFor(() => standIn.callsTo('views.open').some((c) => c.ok));
    const { view } = await getJson<{ view: ConsoleView | null }>('/api/view?user=U0FRANK');
    expect(view?.title).toBe('Reject deploy');
    expect(JSON.stringify(view?.blocks)).toContain('reason_input');
    expect((await getJson<{ view: ConsoleView | null }>('/api/view?user=U0BOB')).view).toBeNull();

    const submit = await post(`/api/views/${view?.id}/submit`, {
      user: 'U0FRANK',
      values: { reason: { reason_input: 'Not during the freeze' } },
    });
    expect(submit.status).toBe(200);
    expect(await submit.json()).toMatchObject({ status: 200, view: null, errors: {} });
    const rejected = await standIn.waitFor(() => {
      const now = standIn.messages('deploys').find((m) => m.ts === request.ts);
      return now && JSON.stringify(now).includes('Rejected') ? now : undefined;
    });
    expect(JSON.stringify(rejected)).toContain('Not during the freeze');
    expect((await getJson<{ view: ConsoleView | null }>('/api/view?user=U0FRANK')).view).toBeNull();
  });

  it('cancels a modal through the console', async () => {
    const res = await post('/api/command', {
      user: 'U0ALICE',
      channel: 'C0DEPLOYS',
      text: '/deploy checkout 2.5.5',
    });
    expect(res.status).toBe(200);
    const next = await standIn.waitFor(() =>
      standIn
        .messages('deploys')
        .find((m) => !m.ephemeralFor && JSON.stringify(m.blocks ?? []).includes('"deploy.reject"')),
    );
    await post('/api/action', {
      user: 'U0BOB',
      channel: 'C0DEPLOYS',
      ts: next.ts,
      actionId: 'deploy.reject',
    });
    const opened = await standIn.waitFor(() =>
      [...standIn.state.views.values()].find((v) => v.open && v.userId === 'U0BOB'),
    );
    const close = await post(`/api/views/${opened.id}/close`, { user: 'U0BOB' });
    expect(close.status).toBe(200);
    expect((await getJson<{ view: ConsoleView | null }>('/api/view?user=U0BOB')).view).toBeNull();
  });

  it('adds a reaction as the user and delivers reaction_added to Shipgate', async () => {
    const [message] = standIn.messages('deploys').filter((m) => !m.ephemeralFor);
    expect(message).toBeDefined();
    const res = await post('/api/reaction', {
      user: 'U0CAROL',
      channel: 'C0DEPLOYS',
      ts: message?.ts,
      name: 'eyes',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 200 });
    const messages = await getJson<ConsoleMessage[]>('/api/channels/C0DEPLOYS/messages?user=U0CAROL');
    expect(messages.find((m) => m.ts === message?.ts)?.reactions).toEqual([
      { name: 'eyes', count: 1, mine: true },
    ]);
  });

  it('lists a file shared in a channel with its text', async () => {
    const client = new WebClient(standIn.state.identity.botToken, { slackApiUrl: standIn.apiUrl });
    const content = '# Incident Report: INC-2026-0009\n<script>alert(1)</script>';
    await client.filesUploadV2({
      channel_id: 'C0STATUS',
      filename: 'INC-2026-0009-report.md',
      title: 'Incident report INC-2026-0009',
      content,
      initial_comment: 'the report',
    });
    const messages = await getJson<ConsoleMessage[]>('/api/channels/C0STATUS/messages?user=U0ALICE');
    const shared = messages.flatMap((m) => m.files ?? []);
    expect(shared).toEqual([
      {
        id: expect.any(String),
        title: 'Incident report INC-2026-0009',
        filename: 'INC-2026-0009-report.md',
        bytes: Buffer.byteLength(content),
        text: content,
        truncated: false,
      },
    ]);
  });

  it('answers a bad request with its reason', async () => {
    const res = await post('/api/command', { user: 'U0ALICE', channel: 'C0DEPLOYS', text: 'deploy help' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toContain('starts with "/"');
  });
});
