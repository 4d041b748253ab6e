import { z } from 'zod';
import {
  describeNetworkError,
  NETWORK_RETRY,
  PagerDutyError,
  retryAdviceForStatus,
} from './pagerduty-error.js';

/** PagerDuty's Events API host, used when `PAGERDUTY_EVENTS_URL` is not set. */
export const DEFAULT_PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com';

/** Event severities of the Events API v2 (`Payload.severity` enum). */
export type PagerDutySeverity = 'critical' | 'error' | 'warning' | 'info';

/** What to page about: one alert, identified by `dedupKey` so it can later be acknowledged or resolved. */
export interface TriggerEvent {
  readonly dedupKey: string;
  /** Alert title; longer than 1024 characters is cut (PagerDuty refuses longer summaries). */
  readonly summary: string;
  /** The affected system, e.g. `checkout-api (production)`. */
  readonly source: string;
  readonly severity: PagerDutySeverity;
  readonly component?: string;
  readonly group?: string;
  readonly class?: string;
  readonly customDetails?: Readonly<Record<string, unknown>>;
  readonly links?: readonly { readonly href: string; readonly text?: string }[];
  readonly timestamp?: Date;
}

/** Settings of the Events API client. */
export interface PagerDutyEventsOptions {
  /** The 32-character integration key of an Events API v2 integration; without one every call throws. */
  readonly routingKey: string | undefined;
  /** Base URL, `https://events.pagerduty.com` by default (`PAGERDUTY_EVENTS_URL`). */
  readonly eventsUrl?: string | undefined;
  readonly timeoutMs?: number;
  readonly now?: () => number;
}

/** PagerDuty's answer to an accepted event. */
export interface EventAccepted {
  readonly dedupKey: string;
  readonly message: string;
}

const SUMMARY_MAX = 1024;
const acceptedSchema = z.object({
  status: z.string(),
  message: z.string().optional(),
  dedup_key: z.string(),
});
const refusedSchema = z.object({
  status: z.string().optional(),
  message: z.string().optional(),
  errors: z.array(z.string()).optional(),
});

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * Sends alert events to PagerDuty's Events API v2 (`POST /v2/enqueue`) with the global fetch: pdjs's `event()`
 * always builds an `https://events.pagerduty.com` URL and cannot reach another base. Failures throw a
 * `PagerDutyError`; 429, 5xx and network failures are `retryable` (the Events API docs say to retry those, and
 * never a 400), with `retryAfterMs` only when PagerDuty asked for a wait (see `retryAdviceForStatus`).
 */
export class PagerDutyEvents {
  private readonly endpoint: string;
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(private readonly options: PagerDutyEventsOptions) {
    this.endpoint = `${(options.eventsUrl ?? DEFAULT_PAGERDUTY_EVENTS_URL).replace(/\/+$/, '')}/v2/enqueue`;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** Opens (or adds to) the alert `dedupKey`. */
  trigger(event: TriggerEvent): Promise<EventAccepted> {
    const payload: Record<string, unknown> = {
      summary: cut(event.summary, SUMMARY_MAX),
      source: event.source,
      severity: event.severity,
    };
    if (event.timestamp) payload.timestamp = event.timestamp.toISOString();
    if (event.component !== undefined) payload.component = event.component;
    if (event.group !== undefined) payload.group = event.group;
    if (event.class !== undefined) payload.class = event.class;
    if (event.customDetails !== undefined) payload.custom_details = event.customDetails;
    const body: Record<string, unknown> = { event_action: 'trigger', dedup_key: event.dedupKey, payload };
    if (event.links && event.links.length > 0) body.links = event.links;
    return this.send(body);
  }

  /** Marks the alert `dedupKey` as being worked on. */
  acknowledge(dedupKey: string): Promise<EventAccepted> {
    return this.send({ event_action: 'acknowledge', dedup_key: dedupKey });
  }

  /** Resolves the alert `dedupKey`. */
  resolve(dedupKey: string): Promise<EventAccepted> {
    return this.send({ event_action: 'resolve', dedup_key: dedupKey });
  }

  private async send(event: Record<string, unknown>): Promise<EventAccepted> {
    const routingKey = this.options.routingKey;
    const what = `PagerDuty ${String(event.event_action)} of ${String(event.dedup_key)}`;
    if (!routingKey) {
      throw new PagerDutyError(`${what} not sent: no Events API routing key is configured`, {
        api: 'events',
      });
    }
    let response: Response;
    try {
      response = await fetch(this.endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ routing_key: routingKey, ...event }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new PagerDutyError(`${what} failed: ${describeNetworkError(err, this.timeoutMs)}`, {
        api: 'events',
        ...NETWORK_RETRY,
        cause: err,
      });
    }
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (response.status === 202) {
      const accepted = acceptedSchema.safeParse(json);
      if (accepted.success) {
        return { dedupKey: accepted.data.dedup_key, message: accepted.data.message ?? accepted.data.status };
      }
    }
    const refused = refusedSchema.safeParse(json);
    const details = refused.success ? (refused.data.errors ?? []) : [];
    const reason =
      [refused.success ? refused.data.message : undefined, ...details].filter(Boolean).join('; ') ||
      text.slice(0, 200) ||
      'no body';
    throw new PagerDutyError(`${what} answered HTTP ${response.status}: ${reason}`, {
      api: 'events',
      status: response.status,
      details,
      ...retryAdviceForStatus(response.status, response.headers.get('retry-after'), this.now()),
    });
  }
}
