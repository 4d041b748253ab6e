import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { delay, readBody, sendJson } from '../http-io.js';
import { AlertIncidents, type ReceivedEvent, type StandInIncident } from './alert-incidents.js';
import { answerEnqueue, ENQUEUE_PATH } from './enqueue-route.js';
import { type EnqueueRules, loadEnqueueRules } from './events-v2-rules.js';
import { type FailureSpec, FaultPlan, failureAnswer } from './fault-plan.js';
import { type IncidentWebhookInput, incidentWebhook } from './incident-webhooks.js';
import { type OnCallAssignment, OnCallRoster, type StandInUser } from './on-call-roster.js';
import { REST_ERROR_CODES, restFailure } from './rest-errors.js';
import { answerRest, restTemplate } from './rest-routes.js';
import { loadRestSpec, type RestSpec } from './rest-spec.js';
import { postWebhook, type WebhookDelivery } from './webhook-sender.js';

/** How to start the stand-in. */
export interface PagerDutyStandInOptions {
  /** The REST API token it accepts (alphanumeric, as the spec's Authorization pattern requires). */
  readonly token?: string;
  /** REST spec to enforce (default: the vendored subset; the full `rest-openapiv3.json` works too). */
  readonly restSpecPath?: string;
  readonly eventsSpecPath?: string;
  /** Zone on-call times are rendered in when a request gives no `time_zone` (default UTC). */
  readonly accountTimeZone?: string;
  /** Current time, for `GET /oncalls` without since/until and for event timestamps. */
  readonly now?: () => Date;
}

/** A request the stand-in received, with the status it answered (0 while pending or when dropped). */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: readonly [string, string][];
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  status: number;
}

/** The token the stand-in accepts unless told otherwise. */
export const DEFAULT_STAND_IN_TOKEN = 'standinToken0123456789';

/**
 * A loopback PagerDuty for tests and the sandbox: the REST endpoints Shipgate reads (`GET /oncalls`,
 * `GET /users/{id}`, `GET /users`) checked against PagerDuty's OpenAPI document, the Events API v2
 * (`POST /v2/enqueue`) with incident state per dedup key, v3 webhooks signed as PagerDuty signs them, fault
 * injection and a record of every request. Point `PAGERDUTY_API_URL` and `PAGERDUTY_EVENTS_URL` at `url`.
 */
export class PagerDutyStandIn {
  /** Every request received, oldest first. */
  readonly requests: RecordedRequest[] = [];
  /** Every accepted (202) event, oldest first. */
  readonly events: ReceivedEvent[] = [];
  readonly token: string;
  private readonly roster = new OnCallRoster();
  private readonly incidents = new AlertIncidents();
  private readonly faults = new FaultPlan();
  private readonly restSpec: RestSpec;
  private readonly enqueueRules: EnqueueRules;
  private readonly now: () => Date;
  private readonly accountTimeZone: string;
  private server: Server | undefined;
  private baseUrl = '';

  private constructor(options: PagerDutyStandInOptions) {
    this.token = options.token ?? DEFAULT_STAND_IN_TOKEN;
    this.restSpec = loadRestSpec(options.restSpecPath);
    if (!this.restSpec.authPattern.test(`Token token=${this.token}`)) {
      throw new Error('the stand-in token must be alphanumeric (the spec’s Authorization pattern)');
    }
    this.enqueueRules = loadEnqueueRules(options.eventsSpecPath);
    this.now = options.now ?? (() => new Date());
    this.accountTimeZone = options.accountTimeZone ?? 'UTC';
  }

  /** Starts a stand-in on 127.0.0.1 with an ephemeral port. */
  static async start(options: PagerDutyStandInOptions = {}): Promise<PagerDutyStandIn> {
    const standIn = new PagerDutyStandIn(options);
    const server = createServer((req, res) => {
      standIn.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) {
          sendJson(res, 500, restFailure(500, REST_ERROR_CODES.internal, String(err)).body);
        } else res.destroy();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    standIn.server = server;
    standIn.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return standIn;
  }

  /** Base URL of both APIs, e.g. `http://127.0.0.1:54321`. */
  get url(): string {
    return this.baseUrl;
  }

  /** Sets who is on call at a (schedule, escalation policy, level) slot; see `OnCallAssignment`. */
  setOnCall(assignment: OnCallAssignment): void {
    this.roster.setOnCall(assignment);
  }

  /** Leaves nobody on call. */
  clearOnCall(): void {
    this.roster.clearOnCall();
  }

  /** Adds a user that `GET /users/{id}` knows without being on call. */
  addUser(user: StandInUser): void {
    this.roster.addUser(user);
  }

  /** The latest incident opened through the Events API for a dedup key. */
  incident(dedupKey: string): StandInIncident | undefined {
    return this.incidents.byDedupKey(dedupKey);
  }

  /** Every incident opened through the Events API. */
  allIncidents(): readonly StandInIncident[] {
    return this.incidents.list();
  }

  /** Makes requests to `path` (`/oncalls`, `/users/{id}`, `/v2/enqueue`, a concrete path or `*`) fail. */
  fail(path: string, spec: FailureSpec): void {
    this.faults.fail(path, spec);
  }

  /** Makes requests to `path` wait `ms` before being answered. */
  slow(path: string, ms: number, times?: number): void {
    this.faults.slow(path, ms, times);
  }

  /** Disarms every failure and delay. */
  clearFaults(): void {
    this.faults.clear();
  }

  /** POSTs a signed v3 webhook about a change to a known incident (and applies the change to its state). */
  async sendWebhook(
    url: string,
    secret: string | readonly string[],
    event: IncidentWebhookInput,
  ): Promise<WebhookDelivery> {
    return postWebhook(url, secret, incidentWebhook(this.incidents, event));
  }

  /** Stops the server and drops open connections. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const body = (await readBody(req)).toString('utf8');
    const record: RecordedRequest = {
      method,
      path: url.pathname,
      query: [...url.searchParams],
      headers: req.headers,
      body,
      status: 0,
    };
    this.requests.push(record);
    const eventsApi = url.pathname === ENQUEUE_PATH;
    const template = eventsApi ? ENQUEUE_PATH : restTemplate(this.restSpec, url.pathname);
    const { failure, delayMs } = this.faults.take([template ?? url.pathname, url.pathname]);
    if (delayMs > 0) await delay(delayMs);
    if (failure?.drop) {
      req.socket.destroy();
      return;
    }
    const now = this.now();
    let answer: { status: number; body: unknown; headers?: Record<string, string> };
    if (failure)
      answer = failureAnswer(eventsApi, failure, { body, authorization: req.headers.authorization });
    else if (eventsApi) {
      const enqueued = answerEnqueue(method, body, this.enqueueRules, this.incidents, now);
      if (enqueued.accepted) this.events.push(enqueued.accepted);
      answer = enqueued;
    } else {
      const ctx = { roster: this.roster, accountTimeZone: this.accountTimeZone, now };
      answer = answerRest(this.restSpec, this.token, { method, url, headers: req.headers }, ctx);
    }
    record.status = answer.status;
    sendJson(res, answer.status, answer.body, answer.headers ?? {});
  }
}
