import type { IncomingMessage, ServerResponse } from 'node:http';
import { AGENTS_SUSPENDED } from '../../services/agents/agent-tokens.js';
import { declaredLength, readCappedBody } from '../read-capped-body.js';
import { sendError } from './api-answers.js';

/** The largest body an agent request may have. */
export const AGENT_MAX_BODY_BYTES = 64 * 1024;

/** The parsed JSON body (undefined when empty), or false when the request was answered or its client left. */
export type AgentBody = { readonly ok: true; readonly value: unknown } | { readonly ok: false };

const CLOSE = { connection: 'close' };

/** Answers and closes the connection once the answer is out, so the rest of the body is never read. */
function refuseAndClose(req: IncomingMessage, res: ServerResponse, status: 401 | 413, reason: string): void {
  res.once('finish', () => req.destroy());
  sendError(res, status, reason, { headers: CLOSE });
}

/**
 * Reads an agent request's JSON body: `413` as soon as its `Content-Length` or its streamed bytes pass 64 KiB (no
 * more is ever held), `400` with `field: "body"` when it is not JSON, and `401` the moment `signal` aborts (agents
 * were suspended while the body streamed in), without waiting for the rest.
 */
export async function readAgentBody(
  req: IncomingMessage,
  res: ServerResponse,
  signal: AbortSignal,
): Promise<AgentBody> {
  const declared = declaredLength(req);
  if (declared !== undefined && declared > AGENT_MAX_BODY_BYTES) {
    refuseAndClose(req, res, 413, `body larger than ${AGENT_MAX_BODY_BYTES} bytes`);
    return { ok: false };
  }
  const suspended = new Promise<'suspended'>((resolve) => {
    if (signal.aborted) resolve('suspended');
    else signal.addEventListener('abort', () => resolve('suspended'), { once: true });
  });
  const read = await Promise.race([readCappedBody(req, AGENT_MAX_BODY_BYTES), suspended]);
  if (read === 'suspended') {
    refuseAndClose(req, res, 401, AGENTS_SUSPENDED);
    return { ok: false };
  }
  if (!read.ok) {
    if (read.reason === 'too-large')
      refuseAndClose(req, res, 413, `body larger than ${AGENT_MAX_BODY_BYTES} bytes`);
    return { ok: false };
  }
  const text = read.body.toString('utf8');
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    sendError(res, 400, `the body is not JSON: ${(err as Error).message}`, { field: 'body' });
    return { ok: false };
  }
}
