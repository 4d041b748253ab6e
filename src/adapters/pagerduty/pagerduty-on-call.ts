import { api } from '@pagerduty/pdjs';
import { z } from 'zod';
import type { OnCallDirectory, OnCallPerson } from '../../core/deploys/deploy-ports.js';
import {
  describeNetworkError,
  NETWORK_RETRY,
  PagerDutyError,
  retryAdviceForStatus,
} from './pagerduty-error.js';

/** PagerDuty's REST API host, used when `PAGERDUTY_API_URL` is not set. */
export const DEFAULT_PAGERDUTY_API_URL = 'https://api.pagerduty.com';

/** Settings of the on-call directory (from `PAGERDUTY_TOKEN` and `PAGERDUTY_API_URL`). */
export interface PagerDutyOnCallOptions {
  /** REST API token; without one every lookup throws "not configured". */
  readonly token: string | undefined;
  /** Base URL, `https://api.pagerduty.com` by default; any scheme and port (the loopback stand-in is http). */
  readonly apiUrl?: string | undefined;
  /** pdjs waits this long between its own retries of a 429 (it retries 3 times); pdjs's default is 20 s. */
  readonly retryTimeoutMs?: number;
  /** Gives up on a request after this long. */
  readonly timeoutMs?: number;
  readonly now?: () => number;
}

const userSchema = z.object({
  id: z.string(),
  summary: z.string().optional(),
  name: z.string().optional(),
  email: z.string().optional(),
});
const onCallsSchema = z.object({
  oncalls: z.array(
    z.object({
      user: userSchema,
      escalation_level: z.number().int(),
      start: z.string().nullable().optional(),
      end: z.string().nullable().optional(),
    }),
  ),
  more: z.boolean().optional(),
});
const errorSchema = z.object({
  error: z.object({
    code: z.number().optional(),
    message: z.string().optional(),
    errors: z.array(z.string()).optional(),
  }),
});

/** The parts of pdjs's `APIResponse` (a fetch Response plus parsed `data`) read here. */
interface PdjsResponse {
  readonly ok: boolean;
  readonly status: number;
  readonly headers: Headers;
  readonly data: unknown;
}

const PAGE_SIZE = 100;
const MAX_PAGES = 10;

function toPerson(user: z.infer<typeof userSchema>): OnCallPerson {
  return { pagerDutyUserId: user.id, name: user.name ?? user.summary ?? user.id, email: user.email };
}

/**
 * Shipgate's `OnCallDirectory` backed by PagerDuty's REST API through `@pagerduty/pdjs`: `GET /oncalls` filtered by
 * schedule or escalation policy with `include[]=users` (for emails) and `earliest=true`, keeping the people at the
 * lowest escalation level whose shift covers the given time. pdjs builds `https://` URLs from `server`, so a full
 * `url` is passed instead; its `requestTimeout` only keeps a stray timer alive, so it is 0 and an `AbortSignal`
 * bounds each request instead.
 */
export class PagerDutyOnCall implements OnCallDirectory {
  private readonly apiUrl: string;
  private readonly retryTimeoutMs: number;
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(private readonly options: PagerDutyOnCallOptions) {
    this.apiUrl = (options.apiUrl ?? DEFAULT_PAGERDUTY_API_URL).replace(/\/+$/, '');
    this.retryTimeoutMs = options.retryTimeoutMs ?? 1000;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** The level-1 (lowest escalation level) people on call at `at`, each once, with their emails. */
  async onCallNow(
    target: { scheduleId?: string; escalationPolicyId?: string },
    at: Date,
  ): Promise<OnCallPerson[]> {
    if (!target.scheduleId && !target.escalationPolicyId) {
      throw new PagerDutyError('PagerDuty on-call lookup needs a schedule id or an escalation policy id', {
        api: 'rest',
      });
    }
    const query: Record<string, string | string[]> = {
      'include[]': ['users'],
      earliest: 'true',
      since: at.toISOString(),
      until: new Date(at.getTime() + 1000).toISOString(),
      limit: String(PAGE_SIZE),
    };
    if (target.scheduleId) query['schedule_ids[]'] = [target.scheduleId];
    if (target.escalationPolicyId) query['escalation_policy_ids[]'] = [target.escalationPolicyId];

    const entries: z.infer<typeof onCallsSchema>['oncalls'] = [];
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const body = onCallsSchema.safeParse(
        await this.get('/oncalls', { ...query, offset: String(page * PAGE_SIZE) }),
      );
      if (!body.success) {
        throw new PagerDutyError('PagerDuty GET /oncalls answered an unexpected body', {
          api: 'rest',
          status: 200,
        });
      }
      entries.push(...body.data.oncalls);
      if (!body.data.more) break;
    }
    const covering = entries.filter(
      (e) =>
        (!e.start || Date.parse(e.start) <= at.getTime()) && (!e.end || Date.parse(e.end) > at.getTime()),
    );
    const level = Math.min(...covering.map((e) => e.escalation_level));
    const people = new Map<string, OnCallPerson>();
    for (const e of covering) {
      if (e.escalation_level === level && !people.has(e.user.id)) people.set(e.user.id, toPerson(e.user));
    }
    return [...people.values()];
  }

  /** One PagerDuty user by id (e.g. the agent of a webhook), with their email. */
  async person(userId: string): Promise<OnCallPerson> {
    const body = z
      .object({ user: userSchema })
      .safeParse(await this.get(`/users/${encodeURIComponent(userId)}`, {}));
    if (!body.success) {
      throw new PagerDutyError('PagerDuty GET /users/{id} answered an unexpected body', {
        api: 'rest',
        status: 200,
      });
    }
    return toPerson(body.data.user);
  }

  private async get(path: string, query: Record<string, string | string[]>): Promise<unknown> {
    const token = this.options.token;
    if (!token) {
      throw new PagerDutyError('PagerDuty is not configured (PAGERDUTY_TOKEN is not set)', { api: 'rest' });
    }
    const what = `PagerDuty GET ${path}`;
    let response: PdjsResponse;
    try {
      response = await api({
        token,
        url: `${this.apiUrl}${path}`,
        method: 'GET',
        data: query,
        retryTimeout: this.retryTimeoutMs,
        requestTimeout: 0,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      if (err instanceof Error) {
        throw new PagerDutyError(`${what} failed: ${describeNetworkError(err, this.timeoutMs)}`, {
          api: 'rest',
          ...NETWORK_RETRY,
          cause: err,
        });
      }
      const status = (err as { status?: number }).status ?? 0;
      throw this.httpError(what, status, (err as Response).headers, undefined);
    }
    if (response.ok) return response.data;
    throw this.httpError(what, response.status, response.headers, response.data);
  }

  private httpError(
    what: string,
    status: number,
    headers: Headers | undefined,
    data: unknown,
  ): PagerDutyError {
    const parsed = errorSchema.safeParse(data);
    const error = parsed.success ? parsed.data.error : undefined;
    const details = error?.errors ?? [];
    const reason = [error?.message, ...details].filter(Boolean).join('; ') || 'no error details';
    return new PagerDutyError(`${what} answered HTTP ${status}: ${reason}`, {
      api: 'rest',
      status,
      code: error?.code,
      details,
      ...retryAdviceForStatus(status, headers?.get('retry-after'), this.now()),
    });
  }
}
