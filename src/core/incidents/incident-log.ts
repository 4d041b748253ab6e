import { z } from 'zod';
import { ACTOR_KINDS, type ActorKind } from '../actor.js';
import { calendarDateSchema } from '../config/calendar-date.js';
import { SEVERITIES } from '../config/shipgate-config-schema.js';

/**
 * One stored event as the incident domain reads it: the event log's row without its bookkeeping (`StoredEvent`
 * from the store fits as is). Payloads come back from JSON, so their dates are ISO strings or `Date`s.
 */
export interface IncidentEventRecord {
  readonly at: Date;
  readonly actor: string;
  readonly actorKind: ActorKind;
  readonly type: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

const instant = z
  .union([z.date(), z.string()])
  .transform((value) => new Date(value))
  .refine((date) => !Number.isNaN(date.getTime()), 'expected an ISO date-time');
const severity = z.enum(SEVERITIES);
const text = z.string();
const user = z.string().min(1);
const services = z.array(z.string()).default([]);

/** The severity clocks whose deadline can pass; reminders never breach. */
export const BREACHABLE_CLOCKS = ['response', 'update_due', 'review_due'] as const;
/** A clock kind that can be breached. */
export type BreachableClock = (typeof BREACHABLE_CLOCKS)[number];

/**
 * The incident event types the log holds and the payload each carries: the contract between the services that
 * append them and the timeline, clocks and report that read them. Users are Slack user ids; the actor of an event
 * is whoever did it (`shipgate` for timers). `customersAffected` is free text ("about 1,200 checkouts"); the latest
 * value given on declare, update or resolve wins. `services` given on declare or update are added up.
 */
export const INCIDENT_PAYLOADS = {
  'incident.declared': z.object({
    id: z.string(),
    severity,
    title: text,
    private: z.boolean().default(false),
    security: z.boolean().default(false),
    services,
    channel: z.string().optional(),
    customersAffected: text.optional(),
  }),
  'incident.acknowledged': z.object({}),
  'incident.commander_assigned': z.object({ user }),
  'incident.role_assigned': z.object({ role: z.string(), user }),
  'incident.severity_changed': z.object({ from: severity, to: severity }),
  'incident.update_posted': z.object({ text, services, customersAffected: text.optional() }),
  'incident.note_added': z.object({ text }),
  /** An analysis an agent (or a person) attached to the post-incident report (chapter 4.1: AI provides analysis). */
  'incident.analysis_attached': z.object({ markdown: text }),
  /** A message pinned in the incident channel: the entry keeps the original message's author and time. */
  'incident.message_pinned': z.object({
    channel: z.string(),
    ts: z.string(),
    author: user,
    authorKind: z.enum(ACTOR_KINDS).default('human'),
    text,
    postedAt: instant,
  }),
  'incident.paged': z.object({ target: z.string().optional() }),
  'incident.page_failed': z.object({ error: z.string() }),
  'incident.pagerduty_acknowledged': z.object({ by: z.string().optional() }),
  'incident.clock_breached': z.object({
    clock: z.enum(BREACHABLE_CLOCKS),
    severity,
    dueAt: instant,
    escalatedTo: z.array(z.string()).default([]),
  }),
  'incident.customer_notice_approved': z.object({ notice: z.string().optional() }),
  'incident.customer_notice_posted': z.object({
    notice: z.string().optional(),
    channel: z.string().optional(),
  }),
  'incident.action_item_added': z.object({
    item: z.string(),
    text,
    owner: user,
    due: calendarDateSchema.optional(),
  }),
  'incident.action_item_done': z.object({ item: z.string() }),
  'incident.resolved': z.object({
    resolution: text,
    rootCause: text.optional(),
    impact: text.optional(),
    customersAffected: text.optional(),
  }),
  /** The review is done; whoever signed as engineering lead may be named for the report's sign-off. */
  'incident.review_completed': z.object({ engineeringLead: user.optional() }),
} as const;

/** An incident event type name, e.g. `incident.declared`. */
export type IncidentEventType = keyof typeof INCIDENT_PAYLOADS;

/** The payload a service appends for an event type (defaults may be left out). */
export type IncidentPayloadInput<T extends IncidentEventType> = z.input<(typeof INCIDENT_PAYLOADS)[T]>;

/** A read event: its type narrows its payload. */
export type IncidentLogEntry = {
  [T in IncidentEventType]: {
    readonly at: Date;
    readonly actor: string;
    readonly actorKind: ActorKind;
    readonly type: T;
    readonly payload: z.output<(typeof INCIDENT_PAYLOADS)[T]>;
  };
}[IncidentEventType];

function isIncidentEventType(type: string): type is IncidentEventType {
  return Object.hasOwn(INCIDENT_PAYLOADS, type);
}

/**
 * Reads one stored event: `undefined` for types that are not incident events (other records on the same subject
 * are skipped), the typed entry otherwise. A payload that does not match its type is a broken invariant of the
 * writer and throws, naming the type and the problem.
 */
export function readIncidentEvent(record: IncidentEventRecord): IncidentLogEntry | undefined {
  if (!isIncidentEventType(record.type)) return undefined;
  const parsed = INCIDENT_PAYLOADS[record.type].safeParse(record.payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TypeError(
      `${record.type} payload: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`,
    );
  }
  const { at, actor, actorKind, type } = record;
  return { at, actor, actorKind, type, payload: parsed.data } as IncidentLogEntry;
}

/** Reads a subject's events in log order, keeping only incident events. */
export function readIncidentLog(records: readonly IncidentEventRecord[]): IncidentLogEntry[] {
  return records.flatMap((record) => readIncidentEvent(record) ?? []);
}
