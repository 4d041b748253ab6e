import type { IncomingMessage, ServerResponse } from 'node:http';
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
  readonly touch: () => void;
}

/** `POST /_standin/say` with `{ user, text, channel? }`: 400 for bad input, 409 without a bot, else the transcript. */
async function handleSay(routes: StandInRoutes, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let input: { user?: unknown; text?: unknown; channel?: unknown };
  try {
    input = JSON.parse((await readBody(req)).toString('utf8')) as typeof input;
  } catch {
    return sendJson(res, 400, { error: 'body must be JSON { user, text, channel? }' });
  }
  if (typeof input.user !== 'string' || typeof input.text !== 'string') {
    return sendJson(res, 400, { error: 'user and text are required strings' });
  }
  if (!routes.botConnected()) return sendJson(res, 409, { error: 'no bot connected to the stand-in' });
  try {
    const channel = typeof input.channel === 'string' ? { channel: input.channel } : {};
    sendJson(res, 200, await routes.say({ user: input.user, text: input.text, ...channel }));
  } catch (err) {
    sendJson(res, 400, { error: err instanceof Error ? err.message : String(err) });
  }
}

/**
 * Routes one request: `/api/<method>` (Web API), `POST /respond/<id>` (response_url), `POST /upload/v1/<id>`
 * (file upload URL), `POST /_standin/say` and `GET /_standin/state` (control endpoints for the CLI).
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
    if (req.method === 'POST' && path === '/_standin/say') return await handleSay(routes, req, res);
    if (req.method === 'GET' && path === '/_standin/state')
      return sendJson(res, 200, dumpState(routes.state));
    sendText(res, 404, 'not found');
  } catch (err) {
    if (!res.headersSent) sendText(res, 500, err instanceof Error ? err.message : String(err));
  }
}
