import type { ActorKind } from '../actor.js';
import {
  type IncidentEventRecord,
  type IncidentEventType,
  type IncidentLogEntry,
  readIncidentLog,
} from './incident-log.js';
import { classifyNote, type NoteLabel } from './incident-notes.js';
import { formatUtcDate, formatUtcTime } from './incident-time.js';

/** One line of an incident's timeline (chapter 6.3, "Timeline"). */
export interface TimelineEntry {
  /** When it happened; for a pinned message, when the original message was posted. */
  readonly at: Date;
  /** `HH:MM` in UTC, the report's time column. */
  readonly time: string;
  /** `YYYY-MM-DD` in UTC, for incidents that cross midnight. */
  readonly date: string;
  readonly type: IncidentEventType;
  /** Who did it; for a pinned message, the message's author. */
  readonly actor: string;
  readonly actorKind: ActorKind;
  /** One line describing the event. */
  readonly text: string;
}

/** How timeline text names people; by default a Slack mention `<@U123>`, and `Shipgate` for the bot itself. */
export type NameOf = (userId: string) => string;

/** The default {@link NameOf}: Slack mentions, which Slack shows as names. */
export const slackMention: NameOf = (id) => (id === 'shipgate' ? 'Shipgate' : `<@${id}>`);

/** The longest text of a timeline line before it is cut with `…`. */
export const TIMELINE_TEXT_MAX = 200;

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= TIMELINE_TEXT_MAX ? flat : `${flat.slice(0, TIMELINE_TEXT_MAX - 1).trimEnd()}…`;
}

const CLOCK_NAMES = { response: 'Response', update_due: 'Status update', review_due: 'Post-incident review' };
const NOTE_HEADINGS: Record<NoteLabel, string> = {
  root_cause: 'Root cause identified',
  impact: 'Impact',
  fix: 'Fix implemented',
  went_well: 'Went well',
  went_poorly: 'Went poorly',
};

function describe(e: IncidentLogEntry, n: NameOf, actionText: ReadonlyMap<string, string>): string {
  const by = n(e.actor);
  switch (e.type) {
    case 'incident.declared': {
      const services = e.payload.services.length > 0 ? ` (${e.payload.services.join(', ')})` : '';
      return `Incident declared by ${by}: ${e.payload.severity} ${e.payload.title}${services}`;
    }
    case 'incident.acknowledged':
      return `Acknowledged by ${by}`;
    case 'incident.commander_assigned':
      return `Incident commander assigned: ${n(e.payload.user)}${e.actor === e.payload.user ? '' : ` (by ${by})`}`;
    case 'incident.role_assigned':
      return `${n(e.payload.user)} assigned as ${e.payload.role}`;
    case 'incident.severity_changed':
      return `Severity changed from ${e.payload.from} to ${e.payload.to} by ${by}`;
    case 'incident.update_posted':
      return `Status update by ${by}: ${e.payload.text}`;
    case 'incident.note_added': {
      const note = classifyNote(e.payload.text);
      return note.label ? `${NOTE_HEADINGS[note.label]}: ${note.text}` : `Note by ${by}: ${note.text}`;
    }
    case 'incident.message_pinned':
      return `Pinned message from ${n(e.payload.author)}: ${e.payload.text}`;
    case 'incident.paged':
      return `On-call paged${e.payload.target ? ` (${e.payload.target})` : ''}`;
    case 'incident.page_failed':
      return `Paging failed: ${e.payload.error}`;
    case 'incident.pagerduty_acknowledged':
      return `PagerDuty page acknowledged${e.payload.by ? ` by ${e.payload.by}` : ''}`;
    case 'incident.clock_breached': {
      const { clock, severity, dueAt, escalatedTo } = e.payload;
      const escalation = escalatedTo.length > 0 ? `escalated to ${escalatedTo.join(', ')}` : 'no escalation';
      return `${CLOCK_NAMES[clock]} clock breached (${severity}, due ${formatUtcTime(dueAt)}); ${escalation}`;
    }
    case 'incident.customer_notice_approved':
      return `Customer notice${e.payload.notice ? ` (${e.payload.notice})` : ''} approved by ${by}`;
    case 'incident.customer_notice_posted':
      return `Customer notice posted${e.payload.channel ? ` to ${e.payload.channel}` : ''}`;
    case 'incident.action_item_added': {
      const due = e.payload.due ? `, due ${e.payload.due}` : '';
      return `Action item added: ${e.payload.text} (owner ${n(e.payload.owner)}${due})`;
    }
    case 'incident.action_item_done':
      return `Action item done: ${actionText.get(e.payload.item) ?? e.payload.item}`;
    case 'incident.resolved':
      return `Incident resolved by ${by}: ${e.payload.resolution}`;
    case 'incident.review_completed':
      return `Post-incident review done by ${by}`;
    default:
      return unreachable(e);
  }
}

function unreachable(e: never): never {
  throw new TypeError(`unknown incident event ${JSON.stringify(e)}`);
}

/**
 * The timeline of an incident from its stored events, ordered by when things happened (ties keep log order). Every
 * incident event gives one line; a pinned message is dated and attributed to the original message, and a message
 * pinned twice (same channel and `ts`) appears once. Other event types on the subject are left out.
 */
export function buildIncidentTimeline(
  records: readonly IncidentEventRecord[],
  nameOf: NameOf = slackMention,
): TimelineEntry[] {
  const pinned = new Set<string>();
  const actionText = new Map<string, string>();
  const entries: TimelineEntry[] = [];
  for (const e of readIncidentLog(records)) {
    if (e.type === 'incident.action_item_added') actionText.set(e.payload.item, e.payload.text);
    let at = e.at;
    let actor = e.actor;
    let actorKind = e.actorKind;
    if (e.type === 'incident.message_pinned') {
      const key = `${e.payload.channel}/${e.payload.ts}`;
      if (pinned.has(key)) continue;
      pinned.add(key);
      ({ postedAt: at, author: actor, authorKind: actorKind } = e.payload);
    }
    const text = oneLine(describe(e, nameOf, actionText));
    entries.push({
      at,
      time: formatUtcTime(at),
      date: formatUtcDate(at),
      type: e.type,
      actor,
      actorKind,
      text,
    });
  }
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => a.entry.at.getTime() - b.entry.at.getTime() || a.index - b.index)
    .map(({ entry }) => entry);
}
