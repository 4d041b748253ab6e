import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import {
  InvalidWebhookError,
  type PagerDutyWebhookEvent,
  parseWebhookEvent,
  verifyPagerDutySignature,
} from '../adapters/pagerduty/verify-webhook.js';
import type { WebhookOutcome } from '../services/incidents/incident-pagerduty-webhook.js';
import type { RouteHandler } from './create-http-server.js';
import { declaredLength, readCappedBody, refuseTooLarge } from './read-capped-body.js';

/** The route key (`<METHOD> <path>`) PagerDuty's v3 webhooks are mounted at. */
export const PAGERDUTY_WEBHOOK_ROUTE = 'POST /pagerduty/webhook';

/** PagerDuty's webhook payloads are small; anything larger is refused as soon as it is known to be larger. */
export const PAGERDUTY_MAX_BODY_BYTES = 1024 * 1024;

/** Inputs of the webhook route. */
export interface PagerDutyWebhookRouteOptions {
  /** The subscription's signing secret(s) (several while one is rotated). */
  readonly secret: string | readonly string[];
  /** Acts on a verified event. */
  readonly handle: (event: PagerDutyWebhookEvent) => Promise<WebhookOutcome>;
  readonly logger: Logger;
}

function reply(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/**
 * `POST /pagerduty/webhook`: reads the raw body up to 1 MiB (`413` and the connection closed as soon as its
 * `Content-Length` or its streamed bytes pass that; without a `v1=` signature the bytes are counted, not kept),
 * checks `X-PagerDuty-Signature` against it (401 and nothing acted on when it is missing or wrong), parses the v3 event (400 when it is not one) and hands it over. Answers 200 when
 * it was applied or had been already (a redelivery), 202 when it concerns nothing Shipgate runs; PagerDuty counts
 * any 2xx as delivered, so ignored events are not retried.
 */
export function pagerDutyWebhookRoute(options: PagerDutyWebhookRouteOptions): RouteHandler {
  const { logger } = options;
  const tooLarge = (req: IncomingMessage, res: ServerResponse) => {
    logger.warn({ webhookId: req.headers['x-webhook-id'] }, 'PagerDuty webhook refused: body too large');
    refuseTooLarge(req, res, PAGERDUTY_MAX_BODY_BYTES);
  };
  return async (req, res) => {
    const declared = declaredLength(req);
    if (declared !== undefined && declared > PAGERDUTY_MAX_BODY_BYTES) return tooLarge(req, res);
    const signed = String(req.headers['x-pagerduty-signature'] ?? '').includes('v1=');
    const read = await readCappedBody(req, PAGERDUTY_MAX_BODY_BYTES, { keep: signed });
    if (!read.ok) {
      if (read.reason === 'too-large') tooLarge(req, res);
      return;
    }
    const raw = read.body;
    if (!signed || !verifyPagerDutySignature(options.secret, raw, req.headers['x-pagerduty-signature'])) {
      logger.warn(
        { webhookId: req.headers['x-webhook-id'] },
        'PagerDuty webhook refused: bad or missing signature',
      );
      reply(res, 401, { error: 'invalid signature' });
      return;
    }
    let event: PagerDutyWebhookEvent;
    try {
      event = parseWebhookEvent(raw);
    } catch (err) {
      if (!(err instanceof InvalidWebhookError)) throw err;
      logger.warn({ err: err.message }, 'PagerDuty webhook refused: not a v3 event');
      reply(res, 400, { error: err.message });
      return;
    }
    const result = await options.handle(event);
    const log = { event: event.id, type: event.eventType, incident: result.incident, detail: result.detail };
    if (result.outcome === 'ignored') logger.info(log, 'PagerDuty webhook ignored');
    else logger.info(log, `PagerDuty webhook ${result.outcome}`);
    reply(res, result.outcome === 'ignored' ? 202 : 200, { status: result.outcome, detail: result.detail });
  };
}
