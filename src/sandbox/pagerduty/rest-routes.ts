import type { IncomingHttpHeaders } from 'node:http';
import { CheckedQuery, checkRestRequest } from './check-rest-request.js';
import type { OnCallRoster } from './on-call-roster.js';
import { notFound, REST_ERROR_CODES, type RestFailure, restFailure } from './rest-errors.js';
import { onCallObject, paginate, userObject } from './rest-objects.js';
import type { RestSpec } from './rest-spec.js';

/** A JSON answer of a REST route. */
export interface RestAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** What the REST routes read: the roster, the account's time zone and the current time. */
export interface RestContext {
  readonly roster: OnCallRoster;
  readonly accountTimeZone: string;
  readonly now: Date;
}

/** PagerDuty's default page size (the spec's examples show `"limit": 25`). */
const DEFAULT_LIMIT = 25;

function page(query: CheckedQuery) {
  const limit = query.one('limit');
  const offset = query.one('offset');
  return {
    limit: typeof limit === 'number' && limit > 0 ? limit : DEFAULT_LIMIT,
    offset: typeof offset === 'number' && offset > 0 ? offset : 0,
    total: query.one('total') === true,
  };
}

/** `GET /oncalls` (listOnCalls): filters, time range (default: now), `earliest`, `include[]`, `time_zone`. */
export function listOnCalls(query: CheckedQuery, ctx: RestContext): RestAnswer | RestFailure {
  const since = query.one('since');
  const until = query.one('until');
  const sinceDate = since instanceof Date ? since : ctx.now;
  const untilDate = until instanceof Date ? until : since instanceof Date ? sinceDate : ctx.now;
  if (untilDate.getTime() < sinceDate.getTime()) {
    return restFailure(400, REST_ERROR_CODES.invalidDateRange, 'Invalid Query Date Range', [
      'The until time cannot be before the since time',
    ]);
  }
  const entries = ctx.roster.query({
    scheduleIds: query.list('schedule_ids[]'),
    escalationPolicyIds: query.list('escalation_policy_ids[]'),
    userIds: query.list('user_ids[]'),
    since: sinceDate,
    until: untilDate,
    earliest: query.one('earliest') === true,
  });
  const include = new Set(query.list('include[]'));
  const zone = String(query.one('time_zone') ?? ctx.accountTimeZone);
  const { limit, offset, total } = page(query);
  const { page: items, ...pagination } = paginate(entries, limit, offset, total);
  return { status: 200, body: { oncalls: items.map((e) => onCallObject(e, include, zone)), ...pagination } };
}

/** `GET /users/{id}` (getUser). */
export function getUser(id: string, ctx: RestContext): RestAnswer | RestFailure {
  const user = ctx.roster.user(id);
  if (!user) return notFound(`User ${id} not found`);
  return { status: 200, body: { user: userObject(user) } };
}

/** `GET /users` (listUsers): `query` matches names and emails, case-insensitively. */
export function listUsers(query: CheckedQuery, ctx: RestContext): RestAnswer {
  const text = String(query.one('query') ?? '').toLowerCase();
  const users = ctx.roster
    .allUsers()
    .filter(
      (u) => text === '' || u.name.toLowerCase().includes(text) || u.email.toLowerCase().includes(text),
    );
  const { limit, offset, total } = page(query);
  const { page: items, ...pagination } = paginate(users, limit, offset, total);
  return { status: 200, body: { users: items.map(userObject), ...pagination } };
}

/** The path template of the spec that `pathname` matches (`/users/PABC` → `/users/{id}`), if any. */
export function restTemplate(spec: RestSpec, pathname: string): string | undefined {
  return spec.paths.find((t) => {
    const pattern = t.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^/}]+\}/g, '[^/]+');
    return new RegExp(`^${pattern}$`).test(pathname);
  });
}

/**
 * Answers a REST request: 404 for a path the spec does not serve, 405 for a method it has no operation for, the
 * spec checks of `checkRestRequest` (401/400), then the route.
 */
export function answerRest(
  spec: RestSpec,
  token: string,
  request: { readonly method: string; readonly url: URL; readonly headers: IncomingHttpHeaders },
  ctx: RestContext,
): RestAnswer | RestFailure {
  const { method, url } = request;
  const template = restTemplate(spec, url.pathname);
  if (!template) {
    return restFailure(404, REST_ERROR_CODES.notFound, 'Not Found', [`No route ${url.pathname}`]);
  }
  const rules = spec.operation(method, template);
  if (!rules) {
    return restFailure(405, REST_ERROR_CODES.notFound, 'Method Not Allowed', [`${method} ${template}`]);
  }
  const query = checkRestRequest(
    rules,
    { pattern: spec.authPattern, token },
    request.headers,
    url.searchParams,
  );
  if (!(query instanceof CheckedQuery)) return query;
  if (template === '/oncalls') return listOnCalls(query, ctx);
  if (template === '/users/{id}') {
    return getUser(decodeURIComponent(url.pathname.split('/').pop() ?? ''), ctx);
  }
  return listUsers(query, ctx);
}
