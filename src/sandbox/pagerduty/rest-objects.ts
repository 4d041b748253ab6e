import { TZDate } from '@date-fns/tz';
import { formatISO } from 'date-fns';
import type { OnCallEntry, StandInUser } from './on-call-roster.js';

/** Hosts used in `self` and `html_url` links, as PagerDuty writes them (the spec's examples use `subdomain`). */
const API = 'https://api.pagerduty.com';
const WEB = 'https://subdomain.pagerduty.com';

/** A `*_reference` object (`components.schemas.Reference`): id, type, summary, self, html_url. */
export function reference(kind: 'user' | 'schedule' | 'escalation_policy', id: string, summary: string) {
  const collection = kind === 'escalation_policy' ? 'escalation_policies' : `${kind}s`;
  return {
    id,
    type: `${kind}_reference`,
    summary,
    self: `${API}/${collection}/${id}`,
    html_url: `${WEB}/${collection}/${id}`,
  };
}

/** A full user object (`components.schemas.User`), as `GET /users/{id}` and `include[]=users` return it. */
export function userObject(user: StandInUser) {
  return {
    ...reference('user', user.id, user.name),
    type: 'user',
    name: user.name,
    email: user.email,
    time_zone: user.timeZone ?? 'UTC',
    color: 'green',
    role: 'user',
    avatar_url: 'https://pd-static-assets.pagerduty.com/users/blank-avatar.png',
    description: null,
    invitation_sent: false,
    job_title: null,
    teams: [],
    contact_methods: [],
    notification_rules: [],
  };
}

/** Renders a time in a tz database zone the way PagerDuty does (`2015-03-06T15:28:51-05:00`); null stays null. */
export function renderTime(date: Date | null, timeZone: string): string | null {
  return date === null ? null : formatISO(new TZDate(date.getTime(), timeZone));
}

/** Which related objects `include[]` asked to expand. */
export type OnCallIncludes = ReadonlySet<string>;

/**
 * One entry of `GET /oncalls` (`components.schemas.Oncall`): user, schedule (null for direct user targets) and
 * escalation policy as references, or expanded objects when `include[]` names them; escalation_level, start, end.
 */
export function onCallObject(entry: OnCallEntry, include: OnCallIncludes, timeZone: string) {
  const policyName = `Escalation Policy ${entry.escalationPolicyId}`;
  const policy = reference('escalation_policy', entry.escalationPolicyId, policyName);
  const schedule =
    entry.scheduleId === null
      ? null
      : reference('schedule', entry.scheduleId, `Schedule ${entry.scheduleId}`);
  return {
    escalation_policy: include.has('escalation_policies')
      ? { ...policy, type: 'escalation_policy', name: policyName }
      : policy,
    user: include.has('users') ? userObject(entry.user) : reference('user', entry.user.id, entry.user.name),
    schedule:
      schedule && include.has('schedules')
        ? { ...schedule, type: 'schedule', name: schedule.summary }
        : schedule,
    escalation_level: entry.level,
    start: renderTime(entry.start, timeZone),
    end: renderTime(entry.end, timeZone),
  };
}

/** Offset pagination (`components.schemas.Pagination`): a page of `items` plus limit, offset, more, total. */
export function paginate<T>(items: readonly T[], limit: number, offset: number, withTotal: boolean) {
  return {
    page: items.slice(offset, offset + limit),
    limit,
    offset,
    more: offset + limit < items.length,
    total: withTotal ? items.length : null,
  };
}
