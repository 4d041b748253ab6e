import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { readCappedBody, refuseTooLarge } from './read-capped-body.js';
import { slackBodyShape } from './slack-body-shape.js';

/** A request whose body is read and verified, as Bolt's receiver takes it (it skips reading when `rawBody` is set). */
export type VerifiedRequest = IncomingMessage & { rawBody: Buffer };

/** Inputs of the gate in front of Bolt's receiver. */
export interface SlackRequestGateOptions {
  readonly signingSecret: string;
  readonly logger: Logger;
  /** The largest body read. */
  readonly maxBodyBytes?: number;
}

/** Reads, verifies and checks one request to `/slack/events`, then hands it to `admit` or answers it. */
export type SlackRequestGate = (
  req: IncomingMessage,
  res: ServerResponse,
  admit: (req: VerifiedRequest, res: ServerResponse) => void,
) => Promise<void>;

const SIGNATURE = /^v0=([0-9a-f]{64})$/;
const TIMESTAMP = /^[1-9][0-9]{0,11}$/;

const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
};

/**
 * The gate in front of Bolt's receiver: verifies `X-Slack-Signature` (HMAC-SHA256 of `v0:timestamp:body`, updated
 * chunk by chunk as the body streams in), then checks the body has the shape of a Slack request. A forged request
 * gets `401` (empty), a verified body Bolt could not handle `400` with a short plain reason; everything else is
 * handed to Bolt with its body already read, and Bolt verifies it once more.
 */
export function slackRequestGate(options: SlackRequestGateOptions): SlackRequestGate {
  const { logger } = options;
  const limit = options.maxBodyBytes ?? 4 * 1024 * 1024;
  const refuse = (res: ServerResponse, status: 400 | 401, reason: string) => {
    logger.warn({ status, reason }, 'Slack request refused');
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(status === 400 ? reason : undefined);
  };
  return async (req, res, admit) => {
    const signature = SIGNATURE.exec(header(req, 'x-slack-signature') ?? '')?.[1];
    const timestamp = header(req, 'x-slack-request-timestamp') ?? '';
    if (signature === undefined || !TIMESTAMP.test(timestamp)) {
      admit(req as VerifiedRequest, res);
      return;
    }
    const hmac = createHmac('sha256', options.signingSecret).update(`v0:${timestamp}:`);
    const read = await readCappedBody(req, limit, { onChunk: (chunk) => hmac.update(chunk) });
    if (!read.ok) {
      if (read.reason === 'too-large') refuseTooLarge(req, res, limit);
      return;
    }
    if (!timingSafeEqual(hmac.digest(), Buffer.from(signature, 'hex')))
      return refuse(res, 401, 'signature mismatch');
    const shape = slackBodyShape(read.body, req.headers['content-type']);
    if (!shape.ok) return refuse(res, 400, shape.problem);
    admit(Object.assign(req, { rawBody: read.body }), res);
  };
}
