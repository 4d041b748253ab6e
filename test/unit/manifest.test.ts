import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { App } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { allCommands } from '../../commands/index.js';
import { BUILTIN_METHOD_SPECS } from '../../src/sandbox/builtin-method-specs.js';
import type { RawMethodSpec } from '../../src/sandbox/spec-loader.js';
import { registerDeployActions } from '../../src/slack/register-deploy-actions.js';
import { registerEvents } from '../../src/slack/register-events.js';
import { registerIncidentActions } from '../../src/slack/register-incident-actions.js';
import { registerIncidentEvents } from '../../src/slack/register-incident-events.js';
import { SLACK_EVENTS, SLACK_METHODS, SLACK_SHORTCUTS } from '../../src/slack/slack-surface.js';

const SPECS = 'src/sandbox/specs/slack';

interface Manifest {
  features: {
    slash_commands: { command: string; description: string; usage_hint: string; url: string }[];
    shortcuts: { name: string; type: string; callback_id: string; description: string }[];
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { bot_events: string[]; request_url: string };
    interactivity: { is_enabled: boolean; request_url: string };
  };
}

const manifest = parse(readFileSync('manifest.yml', 'utf8')) as Manifest;
const scopes = new Set(manifest.oauth_config.scopes.bot);
/** A method's bot scopes from its vendored spec, or from the stand-in's built-in copy (the file-upload pair). */
const methodScopes = (method: string): string[] => {
  const file = join(SPECS, 'methods', `${method}.json`);
  const spec = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as RawMethodSpec)
    : BUILTIN_METHOD_SPECS[method];
  return spec?.scope?.bot ?? [];
};
/** Event scopes; the scraped app_mention spec spells its scope `app_mentions.read`, Slack's name is `app_mentions:read`. */
const eventScopes = (event: string): string[] =>
  (
    (JSON.parse(readFileSync(join(SPECS, 'events', `${event}.json`), 'utf8')) as { scopes?: string[] })
      .scopes ?? []
  ).map((s) => (s.includes(':') ? s : s.replace('.', ':')));

/**
 * What the Bolt listeners register, by kind (`shortcut`, `event`, `view`, `action`): each register function is run
 * against a recording app. Registration touches no service, so the services are stand-ins.
 */
function registeredListeners(): Record<string, string[]> {
  const seen: Record<string, string[]> = {};
  const app = new Proxy(
    {},
    {
      get: (_target, kind: string) => (id: unknown) => {
        seen[kind] = [...(seen[kind] ?? []), String(id)];
      },
    },
  ) as App;
  const unused = { ctx: {} } as never;
  registerEvents(app, [], unused, unused);
  registerDeployActions(app, unused, unused, unused);
  registerIncidentActions(app, unused, unused, unused);
  registerIncidentEvents(app, unused, unused, unused);
  return seen;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? e.name === 'sandbox'
        ? []
        : sourceFiles(join(dir, e.name))
      : e.name.endsWith('.ts')
        ? [join(dir, e.name)]
        : [],
  );
}

describe('manifest.yml', () => {
  it('lists every registered slash command, with the same description and usage hint, and no others', () => {
    const listed = manifest.features.slash_commands.map((c) => ({
      command: c.command,
      description: c.description,
      usage_hint: c.usage_hint,
    }));
    const registered = allCommands().map((c) => ({
      command: c.name,
      description: c.description,
      usage_hint: c.usageHint,
    }));
    expect(listed).toEqual(registered);
  });

  it('lists every registered shortcut, with its name, type and description, and no others', () => {
    const listed = manifest.features.shortcuts;
    expect(listed).toEqual(SLACK_SHORTCUTS.map((s) => ({ ...s })));
    expect(listed.map((s) => s.callback_id).sort()).toEqual(
      [...(registeredListeners().shortcut ?? [])].sort(),
    );
    for (const s of listed) {
      expect(s.name.length).toBeLessThanOrEqual(24);
      expect(s.description.length).toBeLessThanOrEqual(150);
    }
  });

  it('handles every event it subscribes to', () => {
    expect([...new Set(registeredListeners().event)].sort()).toEqual([...SLACK_EVENTS].sort());
  });

  it('sends commands, interactivity and events to the one Bolt endpoint', () => {
    const urls = [
      ...manifest.features.slash_commands.map((c) => c.url),
      manifest.settings.interactivity.request_url,
      manifest.settings.event_subscriptions.request_url,
    ];
    for (const url of urls) expect(url).toMatch(/^https:\/\/[^/]+\/slack\/events$/);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });

  it('subscribes to exactly the events Shipgate handles', () => {
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([...SLACK_EVENTS].sort());
  });

  it('grants a scope for every Web API method and event used', () => {
    const missing = [
      ...SLACK_METHODS.filter(
        (m) => methodScopes(m).length > 0 && !methodScopes(m).some((s) => scopes.has(s)),
      ).map((m) => `${m} needs one of ${methodScopes(m).join(', ')}`),
      ...SLACK_EVENTS.filter((e) => !eventScopes(e).every((s) => scopes.has(s))).map(
        (e) => `${e} needs ${eventScopes(e).join(', ')}`,
      ),
    ];
    expect(missing).toEqual([]);
  });

  it('asks for no scope that nothing uses', () => {
    const needed = new Set([
      'commands',
      ...SLACK_METHODS.flatMap(methodScopes),
      ...SLACK_EVENTS.flatMap(eventScopes),
    ]);
    expect([...scopes].filter((s) => !needed.has(s))).toEqual([]);
  });

  it('declares every Web API method the code calls', () => {
    const declared = new Set<string>(SLACK_METHODS);
    const called = new Set<string>();
    for (const file of [...sourceFiles('src'), ...sourceFiles('commands')]) {
      const source = readFileSync(file, 'utf8');
      for (const m of source.matchAll(/\bclient\.([a-z]+)\.([a-zA-Z]+(?:\.[a-zA-Z]+)?)\(/g))
        called.add(`${m[1]}.${m[2]}`);
      for (const m of source.matchAll(/apiCall\(\s*'([a-z]+\.[a-zA-Z.]+)'/g)) called.add(m[1] as string);
      if (/\.filesUploadV2\(/.test(source)) {
        called.add('files.getUploadURLExternal');
        called.add('files.completeUploadExternal');
      }
    }
    expect(called.size).toBeGreaterThan(0);
    expect([...called].filter((m) => !declared.has(m))).toEqual([]);
  });
});
