import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse } from 'node:querystring';
import type { Logger } from 'pino';
import {
  declaredLength,
  type ReadCappedBodyOptions,
  readCappedBody,
  refuseBusy,
  refuseTooLarge,
} from './read-capped-body.js';
import { slackBodyShape } from './slack-body-shape.js';

/** A request whose body is read and verified, as Bolt's receiver takes it (it skips reading when `rawBody` is set). */
export type VerifiedRequest = IncomingMessage & { rawBody: Buffer };

/** Where the signatures of requests taken in are remembered (SQLite, so a replay is refused across restarts). */
export interface SeenSignatures {
  /** True the first time this signature is presented, false for every replay; rejects when it cannot tell. */
  firstSeen(signature: Buffer, timestampSec: number): Promise<boolean>;
}

/**
 * The largest body Shipgate reads on `/slack/events`. Slack's own requests are far smaller (a view submission of
 * 100 blocks is tens of KiB); Bolt's default is 4 MB.
 */
export const SLACK_MAX_BODY_BYTES = 256 * 1024;

/** Unsigned bodies read at all: Slack's `ssl_check=1&token=…`, which it sends without signature headers, is tiny. */
const UNSIGNED_MAX_BYTES = 1024;

/**
 * The largest body read without a `Content-Length`. Slack declares the length of what it sends; a chunked body is
 * only read this far (a few KiB is what Slack's requests weigh). Below one socket read (64 KiB), so a flood of
 * endless forged chunked bodies is refused on its first read and costs what declared ones do.
 */
export const SLACK_MAX_CHUNKED_BYTES = 16 * 1024;

/**
 * The most bytes of not yet verified bodies held at once, over all requests (a body is held until its HMAC can be
 * compared). Slack's requests are a few KiB, so hundreds fit; a flood of forged bodies gets `503` beyond it instead
 * of each holding up to the cap.
 */
export const SLACK_UNVERIFIED_BUDGET_BYTES = 1024 * 1024;

/** How far `X-Slack-Request-Timestamp` may be from now, either way, in seconds (Slack's rule is 5 minutes). */
export const SLACK_TIMESTAMP_WINDOW_SEC = 5 * 60;

/** Inputs of the gate in front of Bolt's receiver. */
export interface SlackRequestGateOptions {
  readonly signingSecret: string;
  readonly seen: SeenSignatures;
  readonly logger: Logger;
  /**
   * The wall clock in ms that Slack's timestamps are compared with (`Date.now` by default). Bolt's own check of the
   * past reads `Date.now()`, so this is the machine's clock, never the domain clock that tests fake.
   */
  readonly now?: () => number;
  /** The largest body read ({@link SLACK_MAX_BODY_BYTES} by default). */
  readonly maxBodyBytes?: number;
  /** The bytes of unverified bodies held at once ({@link SLACK_UNVERIFIED_BUDGET_BYTES} by default). */
  readonly unverifiedBudgetBytes?: number;
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
 * The gate in front of Bolt's receiver. In order: a body over the cap gets `413` as soon as its `Content-Length` or
 * its streamed bytes pass it (the connection is then closed, the rest never read); `X-Slack-Request-Timestamp` must
 * be within 5 minutes of the wall clock in either direction (Bolt checks only the past); `X-Slack-Signature` must be
 * the HMAC-SHA256 of `v0:timestamp:body`, updated chunk by chunk as the body streams in; the body must have the
 * shape of a Slack request; and the signature must not have been presented before. Forged, stale, future-dated and
 * replayed requests get `401` (empty), a verified body Bolt could not handle `400` with a short plain reason; every
 * refusal is logged at warn. Bodies of requests refused before their signature is checked are counted, never kept;
 * the bodies being verified share a budget of held bytes, beyond which a request gets `503` with `Retry-After`.
 * The rest goes to Bolt with its body already read, and Bolt verifies it once more. Events API callbacks are not
 * remembered by signature: Slack retries those (signed afresh), and they are remembered by event id.
 */
export function slackRequestGate(options: SlackRequestGateOptions): SlackRequestGate {
  const { logger, seen } = options;
  const now = options.now ?? Date.now;
  const limit = options.maxBodyBytes ?? SLACK_MAX_BODY_BYTES;
  const budget = options.unverifiedBudgetBytes ?? SLACK_UNVERIFIED_BUDGET_BYTES;
  let held = 0;
  const reserve = (bytes: number) => {
    if (held + bytes > budget) return false;
    held += bytes;
    return true;
  };
  const release = (bytes: number) => {
    held -= bytes;
  };
  const refuse = (res: ServerResponse, status: 400 | 401, reason: string) => {
    logger.warn({ status, reason }, 'Slack request refused');
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(status === 400 ? reason : undefined);
  };
  const tooLarge = (req: IncomingMessage, res: ServerResponse, cap: number) => {
    logger.warn({ status: 413, limit: cap }, 'Slack request refused: body too large');
    refuseTooLarge(req, res, cap);
  };
  /** The body under `cap`, or undefined once the request is answered `413` (or went away). */
  const read = async (
    req: IncomingMessage,
    res: ServerResponse,
    cap: number,
    opts: ReadCappedBodyOptions,
  ) => {
    const body = await readCappedBody(req, cap, opts);
    if (body.ok) return body.body;
    if (body.reason === 'too-large') tooLarge(req, res, cap);
    if (body.reason === 'busy') {
      logger.warn({ status: 503, budget }, 'Slack request refused: too many unverified bodies in flight');
      refuseBusy(req, res);
    }
    return undefined;
  };
  /** Reads the rest of a request already found wanting (counting, never keeping it), then refuses it. */
  const discardThenRefuse = async (req: IncomingMessage, res: ServerResponse, reason: string) => {
    if ((await read(req, res, limit, { keep: false })) !== undefined) refuse(res, 401, reason);
  };
  /** Slack's SSL check comes unsigned and is answered `200` here; any other unsigned request is refused. */
  const unsigned = async (req: IncomingMessage, res: ServerResponse) => {
    const declared = declaredLength(req);
    const form = req.headers['content-type'] === 'application/x-www-form-urlencoded';
    if (!form || declared === undefined || declared > UNSIGNED_MAX_BYTES)
      return discardThenRefuse(req, res, 'no signature headers');
    const body = await read(req, res, UNSIGNED_MAX_BYTES, {});
    if (body === undefined) return;
    if (parse(body.toString()).ssl_check !== '1') return refuse(res, 401, 'no signature headers');
    res.writeHead(200);
    res.end();
  };
  return async (req, res, admit) => {
    const declared = declaredLength(req);
    if (declared !== undefined && declared > limit) return tooLarge(req, res, limit);
    const signatureHeader = header(req, 'x-slack-signature');
    const timestampHeader = header(req, 'x-slack-request-timestamp');
    if (signatureHeader === undefined && timestampHeader === undefined) return unsigned(req, res);
    const signature = SIGNATURE.exec(signatureHeader ?? '')?.[1];
    const timestamp = timestampHeader ?? '';
    if (signature === undefined || !TIMESTAMP.test(timestamp))
      return discardThenRefuse(req, res, 'malformed or missing signature headers');
    const skew = Number(timestamp) - Math.floor(now() / 1000);
    if (skew > SLACK_TIMESTAMP_WINDOW_SEC) return discardThenRefuse(req, res, 'timestamp in the future');
    if (skew < -SLACK_TIMESTAMP_WINDOW_SEC) return discardThenRefuse(req, res, 'stale timestamp');
    const hmac = createHmac('sha256', options.signingSecret).update(`v0:${timestamp}:`);
    const cap = declared === undefined ? Math.min(limit, SLACK_MAX_CHUNKED_BYTES) : limit;
    const body = await read(req, res, cap, { onChunk: (chunk) => hmac.update(chunk), reserve, release });
    if (body === undefined) return;
    const presented = Buffer.from(signature, 'hex');
    if (!timingSafeEqual(hmac.digest(), presented)) return refuse(res, 401, 'signature mismatch');
    const shape = slackBodyShape(body, req.headers['content-type']);
    if (!shape.ok) return refuse(res, 400, shape.problem);
    if (shape.kind !== 'event' && !(await seen.firstSeen(presented, Number(timestamp))))
      return refuse(res, 401, 'replayed request');
    admit(Object.assign(req, { rawBody: body }), res);
  };
}
