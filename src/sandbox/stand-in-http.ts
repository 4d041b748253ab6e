import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ClickByValueInput } from './click-by-value.js';
import { readBody, sendJson, sendText } from './http-io.js';
import { UPLOAD_PATH } from './methods/file-methods.js';
import type { ResponseUrls } from './response-urls.js';
import { dumpState, type SayTranscript } from './say-transcript.js';
import { handleUpload } from './upload-endpoint.js';
import type { WebApiRouter } from './web-api-router.js';
import type { WorkspaceState } from './workspace-state.js';

/** The parts of the stand-in its HTTP routes call into. */
export interface StandInRoutes {
  readonly state: WorkspaceState;
  readonly router: WebApiRouter;
  readonly responses: ResponseUrls;
  readonly botConnected: () => boolean;
  readonly say: (input: { user: string; text: string; channel?: string }) => Promise<SayTranscript>;
  readonly click: (input: ClickByValueInput) => Promise<SayTranscript>;
  readonly touch: () => void;
}

type Body = Record<string, unknown>;

/**
 * A control endpoint for the CLI: parses the JSON body, lets `check` pick the input out of it (a string is the
 * 400 error), answers 409 without a bot, then runs it; an error thrown by `run` is the user's mistake (400).
 */
async function handleControl<T>(
  routes: StandInRoutes,
  req: IncomingMessage,
  res: ServerResponse,
  shape: string,
  check: (body: Body) => T | string,
  run: (input: T) => Promise<SayTranscript>,
): Promise<void> {
  let body: unknown;
  try {
    body = JSON.parse((await readBody(req)).toString('utf8'));
  } catch {
    return sendJson(res, 400, { error: `body must be JSON ${shape}` });
  }
  if (typeof body !== 'object' || body === null)
    return sendJson(res, 400, { error: `body must be JSON ${shape}` });
  const input = check(body as Body);
  if (typeof input === 'string') return sendJson(res, 400, { error: input });
  if (!routes.botConnected()) return sendJson(res, 409, { error: 'no bot connected to the stand-in' });
  try {
    sendJson(res, 200, await run(input));
  } catch (err) {
    sendJson(res, 400, { error: err instanceof Error ? err.message : String(err) });
  }
}

/** `POST /_standin/say` with `{ user, text, channel? }`. */
function checkSay(body: Body) {
  if (typeof body.user !== 'string' || typeof body.text !== 'string')
    return 'user and text are required strings';
  const channel = typeof body.channel === 'string' ? { channel: body.channel } : {};
  return { user: body.user, text: body.text, ...channel };
}

/** The longest silence a caller may ask the stand-in to wait for. */
const MAX_QUIET_MS = 60_000;

/** `POST /_standin/click` with `{ user, value, action?, quietMs? }`. */
function checkClick(body: Body): ClickByValueInput | string {
  const { user, value, action, quietMs } = body;
  if (typeof user !== 'string' || typeof value !== 'string') return 'user and value are required strings';
  if (action !== undefined && typeof action !== 'string') return 'action must be a string';
  if (
    quietMs !== undefined &&
    !(Number.isInteger(quietMs) && Number(quietMs) > 0 && Number(quietMs) <= MAX_QUIET_MS)
  )
    return `quietMs must be a whole number of milliseconds from 1 to ${MAX_QUIET_MS}`;
  return {
    user,
    value,
    ...(action ? { action } : {}),
    ...(quietMs !== undefined ? { quietMs: Number(quietMs) } : {}),
  };
}

/**
 * Routes one request: `/api/<method>` (Web API), `POST /respond/<id>` (response_url), `POST /upload/v1/<id>`
 * (file upload URL), `POST /_standin/say`, `POST /_standin/click` and `GET /_standin/state` (control endpoints
 * for the CLI).
 */
export async function routeStandInRequest(routes: StandInRoutes, req: IncomingMessage, res: ServerResponse) {
  const path = new URL(req.url ?? '/', 'http://stand-in').pathname;
  try {
    if (path.startsWith('/api/')) return await routes.router.handle(path.slice('/api/'.length), req, res);
    if (req.method === 'POST' && path.startsWith('/respond/')) {
      return await routes.responses.handle(decodeURIComponent(path.slice('/respond/'.length)), req, res);
    }
    if (req.method === 'POST' && path.startsWith(UPLOAD_PATH)) {
      await handleUpload(routes.state, path.slice(UPLOAD_PATH.length), req, res);
      return routes.touch();
    }
    if (req.method === 'POST' && path === '/_standin/say')
      return await handleControl(routes, req, res, '{ user, text, channel? }', checkSay, routes.say);
    if (req.method === 'POST' && path === '/_standin/click')
      return await handleControl(
        routes,
        req,
        res,
        '{ user, value, action?, quietMs? }',
        checkClick,
        routes.click,
      );
    if (req.method === 'GET' && path === '/_standin/state')
      return sendJson(res, 200, dumpState(routes.state));
    sendText(res, 404, 'not found');
  } catch (err) {
    if (!res.headersSent) sendText(res, 500, err instanceof Error ? err.message : String(err));
  }
}
