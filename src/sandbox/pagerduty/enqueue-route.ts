import type { AlertIncidents, ReceivedEvent } from './alert-incidents.js';
import { checkEnqueueEvent, type EnqueueRules } from './events-v2-rules.js';

/** The Events API v2 path (`servers[0].url` `https://events.pagerduty.com/v2` + `/enqueue`). */
export const ENQUEUE_PATH = '/v2/enqueue';
/** "Events API payloads are limited to 512 KB" (developer-docs `events-API-v2/01-Overview.md`). */
const MAX_EVENT_BYTES = 512 * 1024;

/** An answer of the Events API, and the event it accepted (if it did). */
export interface EnqueueAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly accepted?: ReceivedEvent;
}

/**
 * Answers `POST /v2/enqueue` as PagerDuty does: 400 `Unrecognized object` for a body that is not JSON (the spec's
 * example), 400 `invalid event` with the problems for an event the rules refuse, else 202
 * `{ status: 'success', message: 'Event processed', dedup_key }` after applying it to the incidents.
 */
export function answerEnqueue(
  method: string,
  body: string,
  rules: EnqueueRules,
  incidents: AlertIncidents,
  now: Date,
): EnqueueAnswer {
  if (method !== 'POST') return { status: 405, body: { status: 'error', message: 'Method Not Allowed' } };
  const tooLarge = Buffer.byteLength(body) > MAX_EVENT_BYTES;
  let event: unknown;
  try {
    event = tooLarge ? undefined : JSON.parse(body);
  } catch {
    event = undefined;
  }
  if (event === undefined) {
    const errors = [tooLarge ? 'Payload larger than 512 KB' : 'JSON parse error'];
    return {
      status: 400,
      body: { status: 'Unrecognized object', message: 'Event object format is unrecognized', errors },
    };
  }
  const problems = checkEnqueueEvent(rules, event);
  if (problems.length > 0) {
    return {
      status: 400,
      body: { status: 'invalid event', message: 'Event object is invalid', errors: problems },
    };
  }
  const fields = event as Record<string, unknown>;
  const { dedupKey, outcome } = incidents.apply(fields, now);
  return {
    status: 202,
    body: { status: 'success', message: 'Event processed', dedup_key: dedupKey },
    accepted: { receivedAt: now, dedupKey, outcome, body: fields },
  };
}
