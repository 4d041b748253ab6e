import type { ActorKind } from '../actor.js';
import { instant, mention, type RichText, rich } from '../text/rich-text.js';
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
  /** One line describing the event: people as mentions, what they wrote as text. */
  readonly text: RichText;
}

/** The longest user-written text in a timeline line before it is cut with `…`. */
export const TIMELINE_TEXT_MAX = 200;

/** What someone wrote, on one line and cut to {@link TIMELINE_TEXT_MAX} characters. */
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

/** Who did it: a person or Slack bot as a mention; an agent token or Shipgate by name (they have no Slack user). */
function actorText(e: IncidentLogEntry): RichText {
  if (e.actorKind === 'agent') return rich`agent ${e.actor.replace(/^agent:/, '')}`;
  if (e.actorKind === 'shipgate') return rich`Shipgate`;
  return mention(e.actor);
}

function describe(e: IncidentLogEntry, actionText: ReadonlyMap<string, string>): RichText {
  const by = actorText(e);
  switch (e.type) {
    case 'incident.declared': {
      const services = e.payload.services.length > 0 ? rich` (${e.payload.services.join(', ')})` : rich``;
      return rich`Incident declared by ${by}: ${e.payload.severity} ${oneLine(e.payload.title)}${services}`;
    }
    case 'incident.acknowledged':
      return rich`Acknowledged by ${by}`;
    case 'incident.commander_assigned':
      return rich`Incident commander assigned: ${mention(e.payload.user)}${e.actor === e.payload.user ? '' : rich` (by ${by})`}`;
    case 'incident.role_assigned':
      return rich`${mention(e.payload.user)} assigned as ${e.payload.role}`;
    case 'incident.severity_changed':
      return rich`Severity changed from ${e.payload.from} to ${e.payload.to} by ${by}`;
    case 'incident.update_posted':
      return rich`Status update by ${by}: ${oneLine(e.payload.text)}`;
    case 'incident.note_added': {
      const note = classifyNote(e.payload.text);
      return note.label
        ? rich`${NOTE_HEADINGS[note.label]}: ${oneLine(note.text)}`
        : rich`Note by ${by}: ${oneLine(note.text)}`;
    }
    case 'incident.message_pinned':
      return rich`Pinned message from ${mention(e.payload.author)}: ${oneLine(e.payload.text)}`;
    case 'incident.paged':
      return rich`On-call paged${e.payload.target ? rich` (${e.payload.target})` : ''}`;
    case 'incident.page_failed':
      return rich`Paging failed: ${oneLine(e.payload.error)}`;
    case 'incident.pagerduty_acknowledged':
      return rich`PagerDuty page acknowledged${e.payload.by ? rich` by ${e.payload.by}` : ''}`;
    case 'incident.clock_breached': {
      const { clock, severity, dueAt, escalatedTo } = e.payload;
      const escalation =
        escalatedTo.length > 0 ? rich`escalated to ${escalatedTo.join(', ')}` : rich`no escalation`;
      return rich`${CLOCK_NAMES[clock]} clock breached (${severity}, due ${instant(dueAt, 'time')}); ${escalation}`;
    }
    case 'incident.customer_notice_approved':
      return rich`Customer notice${e.payload.notice ? rich` (${oneLine(e.payload.notice)})` : ''} approved by ${by}`;
    case 'incident.customer_notice_posted':
      return rich`Customer notice posted${e.payload.channel ? rich` to ${e.payload.channel}` : ''}`;
    case 'incident.action_item_added': {
      const due = e.payload.due ? rich`, due ${e.payload.due}` : rich``;
      return rich`Action item added: ${oneLine(e.payload.text)} (owner ${mention(e.payload.owner)}${due})`;
    }
    case 'incident.action_item_done':
      return rich`Action item done: ${oneLine(actionText.get(e.payload.item) ?? e.payload.item)}${e.actor === 'shipgate' ? '' : rich` (by ${by})`}`;
    case 'incident.resolved':
      return rich`Incident resolved by ${by}: ${oneLine(e.payload.resolution)}`;
    case 'incident.review_completed':
      return rich`Post-incident review done by ${by}`;
    case 'incident.analysis_attached':
      return rich`Analysis attached to the report by ${by}: ${oneLine(e.payload.markdown)}`;
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
export function buildIncidentTimeline(records: readonly IncidentEventRecord[]): TimelineEntry[] {
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
    const text = describe(e, actionText);
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
