import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SlackStandIn, ViewInput } from '../sandbox/index.js';
import type { ConsoleCommand, ConsoleShortcut, ConsoleWorkspace } from './app/console-api-types.js';
import type { ConsoleBundle } from './bundle-console-app.js';
import { CONSOLE_ICON, CONSOLE_PAGE, SECURITY_HEADERS } from './console-page.js';
import { consoleChannels, consoleMessages, consolePeople, consoleView } from './console-snapshot.js';
import type { DemoColor, DemoControl } from './demo-control.js';
import { LiveUpdates } from './live-updates.js';
import { loadConsoleBundle } from './load-console-bundle.js';

/** What the console serves: the stand-in, the config's roles, the manifest's commands and maybe a demo target. */
export interface ConsoleServerOptions {
  readonly standIn: SlackStandIn;
  /** Role → user ids, from the loaded config. */
  readonly roles: Readonly<Record<string, readonly string[]>>;
  readonly commands: readonly ConsoleCommand[];
  readonly shortcuts: readonly ConsoleShortcut[];
  /** The demo target's Break/Heal; without it `/api/demo` answers 404. */
  readonly demo?: DemoControl;
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  readonly port?: number;
  /** A prebuilt bundle (tests share one); by default the one `npm run build` made, else bundled at start. */
  readonly bundle?: ConsoleBundle;
}

/** The running console. */
export interface ConsoleServer {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  stop(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  if (!String(req.headers['content-type'] ?? '').startsWith('application/json'))
    throw new HttpError(415, 'send JSON (content-type: application/json)');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'body too large');
    chunks.push(chunk as Buffer);
  }
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not an object');
    return parsed as Record<string, unknown>;
  } catch {
    throw new HttpError(400, 'the body is not a JSON object');
  }
}

function field(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (typeof value !== 'string' || value === '') throw new HttpError(400, `missing "${name}"`);
  return value;
}

/** Splits `/deploy checkout 2.5.4` into the command and its text. */
function splitCommand(line: string): { command: string; text: string } {
  const trimmed = line.trim();
  const match = /^(\/\S+)\s*([\s\S]*)$/.exec(trimmed);
  if (!match) throw new HttpError(400, 'a slash command starts with "/", e.g. /deploy help');
  return { command: match[1] ?? '', text: match[2] ?? '' };
}

function demoColor(body: Record<string, unknown>): DemoColor {
  const color = body.color;
  if (color !== 'blue' && color !== 'green') throw new HttpError(400, 'color must be "blue" or "green"');
  return color;
}

/**
 * The sandbox's web console: a page and a JSON API over the Slack stand-in's state (channels, messages with
 * threads, the selected user's ephemeral messages and modal, people with roles, slash commands), gestures sent to
 * Shipgate as a chosen person (slash commands, clicks, reactions, the message shortcut, modal submit and cancel),
 * and server-sent events on every change. Binds to 127.0.0.1 only, answers only requests addressed to it by that
 * name or `localhost` (no DNS rebinding) and JSON posts only (no cross-site forms).
 */
export async function startConsoleServer(options: ConsoleServerOptions): Promise<ConsoleServer> {
  const { standIn } = options;
  const bundle = options.bundle ?? (await loadConsoleBundle());
  const live = new LiveUpdates();
  const unsubscribe = standIn.onActivity(() => live.notify());
  let port = 0;

  const after = async <T>(work: Promise<T>): Promise<T> => {
    try {
      return await work;
    } finally {
      live.notify();
    }
  };

  const get = async (path: string, query: URLSearchParams, res: ServerResponse): Promise<void> => {
    const user = query.get('user') ?? '';
    if (path === '/') return send(res, 200, 'text/html; charset=utf-8', CONSOLE_PAGE);
    if (path === '/app.js') return send(res, 200, 'text/javascript; charset=utf-8', bundle.js);
    if (path === '/app.css') return send(res, 200, 'text/css; charset=utf-8', bundle.css);
    if (path === '/favicon.svg') return send(res, 200, 'image/svg+xml', CONSOLE_ICON);
    if (path === '/api/events') return live.attach(res);
    if (path === '/api/workspace') {
      const workspace: ConsoleWorkspace = {
        team: standIn.state.identity.teamName,
        channels: consoleChannels(standIn, user),
        people: consolePeople(standIn, options.roles),
        commands: options.commands,
        shortcuts: options.shortcuts,
        demo: options.demo !== undefined,
      };
      return sendJson(res, 200, workspace);
    }
    const messages = /^\/api\/channels\/([^/]+)\/messages$/.exec(path);
    if (messages) {
      if (!standIn.state.findChannel(decodeURIComponent(messages[1] ?? '')))
        throw new HttpError(404, 'no such channel');
      return sendJson(res, 200, consoleMessages(standIn, decodeURIComponent(messages[1] ?? ''), user));
    }
    if (path === '/api/view') return sendJson(res, 200, { view: consoleView(standIn, user) });
    if (path === '/api/demo') {
      if (!options.demo) throw new HttpError(404, 'no demo target runs in this sandbox');
      return sendJson(res, 200, { state: await options.demo.state() });
    }
    throw new HttpError(404, 'not found');
  };

  const post = async (path: string, body: Record<string, unknown>, res: ServerResponse): Promise<void> => {
    if (path === '/api/command') {
      const { command, text } = splitCommand(field(body, 'text'));
      const result = await after(
        standIn.command({ user: field(body, 'user'), channel: field(body, 'channel'), command, text }),
      );
      return sendJson(res, 200, { status: result.status, ack: result.ack });
    }
    if (path === '/api/action') {
      const value = body.value;
      const result = await after(
        standIn.clickButton({
          user: field(body, 'user'),
          channel: field(body, 'channel'),
          ts: field(body, 'ts'),
          actionId: field(body, 'actionId'),
          ...(typeof body.blockId === 'string' ? { blockId: body.blockId } : {}),
          ...(typeof value === 'string'
            ? { value }
            : Array.isArray(value)
              ? { value: value.map(String) }
              : {}),
        }),
      );
      return sendJson(res, 200, { status: result.status });
    }
    if (path === '/api/reaction') {
      const name = field(body, 'name').replace(/^:|:$/g, '');
      const reply = await after(
        standIn.addReaction({
          user: field(body, 'user'),
          channel: field(body, 'channel'),
          ts: field(body, 'ts'),
          name,
        }),
      );
      return sendJson(res, 200, { status: reply.status });
    }
    if (path === '/api/shortcut') {
      const result = await after(
        standIn.messageShortcut({
          user: field(body, 'user'),
          channel: field(body, 'channel'),
          ts: field(body, 'ts'),
          callbackId: field(body, 'callbackId'),
        }),
      );
      return sendJson(res, 200, { status: result.status });
    }
    const view = /^\/api\/views\/([^/]+)\/(submit|close)$/.exec(path);
    if (view) {
      const viewId = decodeURIComponent(view[1] ?? '');
      const user = field(body, 'user');
      if (view[2] === 'close') {
        const closed = await after(standIn.closeView({ user, viewId }));
        return sendJson(res, 200, { status: closed.status, view: closed.view?.id ?? null });
      }
      const values = (
        typeof body.values === 'object' && body.values !== null ? body.values : {}
      ) as ViewInput;
      const result = await after(standIn.submitView({ user, viewId, values }));
      const ack = result.ack as { response_action?: unknown; errors?: unknown } | null;
      const errors = ack?.response_action === 'errors' && typeof ack.errors === 'object' ? ack.errors : {};
      return sendJson(res, 200, { status: result.status, view: result.view?.id ?? null, errors });
    }
    const demo = /^\/api\/demo\/(break|heal)$/.exec(path);
    if (demo) {
      if (!options.demo)
        throw new HttpError(404, 'no demo target runs in this sandbox, so there is nothing to break or heal');
      const color = demoColor(body);
      await after(
        Promise.resolve(demo[1] === 'break' ? options.demo.break(color) : options.demo.heal(color)),
      );
      return sendJson(res, 200, { state: await options.demo.state() });
    }
    throw new HttpError(404, 'not found');
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const host = String(req.headers.host ?? '');
      if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`)
        throw new HttpError(421, 'the console answers only at 127.0.0.1 or localhost');
      const url = new URL(req.url ?? '/', `http://${host}`);
      if (req.method === 'GET' || req.method === 'HEAD') await get(url.pathname, url.searchParams, res);
      else if (req.method === 'POST') await post(url.pathname, await readJson(req), res);
      else throw new HttpError(405, 'method not allowed');
    } catch (err) {
      if (res.headersSent) return void res.end();
      const status = err instanceof HttpError ? err.status : 400;
      sendJson(res, status, { error: err instanceof Error ? err.message : String(err) });
    }
  };

  const server: Server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      unsubscribe();
      live.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
