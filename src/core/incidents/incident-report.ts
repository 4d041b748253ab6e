import type { CalendarDate } from '../config/calendar-date.js';
import type { Severity } from '../config/shipgate-config-schema.js';
import { describeDuration } from '../text/describe-duration.js';
import { type IncidentClockPolicy, reviewDueAt } from './incident-deadlines.js';
import { type IncidentFigures, measureIncident } from './incident-figures.js';
import { type IncidentEventRecord, readIncidentLog } from './incident-log.js';
import { classifyNote, type NoteLabel } from './incident-notes.js';
import { applyIncidentEvent, type IncidentSnapshot } from './incident-snapshot.js';
import { buildIncidentTimeline, type TimelineEntry } from './incident-timeline.js';

/** A prose section of the report: what was recorded, or the chapter's placeholder telling the reader to fill it. */
export interface ReportSection {
  readonly recorded: boolean;
  readonly items: readonly string[];
  /** The items one per line, or the placeholder when nothing was recorded. */
  readonly text: string;
}

/** The chapter 6.3 placeholders shown for sections nobody has filled in yet. */
export const REPORT_PLACEHOLDERS = {
  rootCause: '[Detailed description of what caused the incident]',
  impact: '[Description of customer and business impact]',
  resolution: '[Description of how the incident was resolved]',
  wentWell: '[What went well]',
  wentPoorly: '[What went poorly]',
} as const;

/** "Incident Details" (chapter 6.3). `end` is unset while the incident is open; the duration then runs to `now`. */
export interface IncidentReportDetails {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly initialSeverity: Severity;
  readonly start: Date;
  readonly end: Date | undefined;
  readonly ongoing: boolean;
  readonly durationMs: number;
  /** How long it lasted (or has lasted so far), as every message and notice says it. */
  readonly duration: string;
  readonly services: readonly string[];
  /** The latest estimate given, or "not recorded". */
  readonly customersAffected: string;
  readonly commander: string | undefined;
  readonly channel: string | undefined;
}

/** One row of "Action Items"; `owner` is a Slack user id. */
export interface ReportActionItem {
  readonly text: string;
  readonly owner: string;
  readonly due: CalendarDate | undefined;
  readonly status: 'Open' | 'Done';
}

/** One "Sign-Off" line; unset name or date are left blank for a hand signature. */
export interface SignOffLine {
  readonly role: 'Incident Commander' | 'Engineering Lead';
  readonly name: string | undefined;
  readonly date: Date | undefined;
}

/** The post-incident report of chapter 6.3 as data, plus measured figures; renderers turn it into text. */
export interface IncidentReport {
  readonly details: IncidentReportDetails;
  readonly timeline: readonly TimelineEntry[];
  readonly rootCause: ReportSection;
  readonly impact: ReportSection;
  readonly resolution: ReportSection;
  readonly lessons: { readonly wentWell: ReportSection; readonly wentPoorly: ReportSection };
  readonly actionItems: readonly ReportActionItem[];
  readonly signOff: {
    readonly signers: readonly SignOffLine[];
    readonly reviewDate: Date | undefined;
    readonly reviewDueAt: Date | undefined;
  };
  readonly figures: IncidentFigures;
  /** Analyses attached by agents or people (`POST /api/v1/incidents/{id}/analysis`), oldest first. */
  readonly analyses: readonly ReportAnalysis[];
}

/** One attached analysis: who attached it (an `agent:<name>` or a user id), when, and its markdown. */
export interface ReportAnalysis {
  readonly author: string;
  readonly authorKind: string;
  readonly at: Date;
  readonly markdown: string;
}

function section(items: readonly string[], placeholder: string): ReportSection {
  const kept = items.map((item) => item.trim()).filter((item) => item !== '');
  return { recorded: kept.length > 0, items: kept, text: kept.length > 0 ? kept.join('\n') : placeholder };
}

function details(s: IncidentSnapshot, now: Date): IncidentReportDetails {
  const durationMs = Math.max(0, (s.resolvedAt ?? now).getTime() - s.declaredAt.getTime());
  return {
    id: s.id,
    title: s.title,
    severity: s.severity,
    initialSeverity: s.initialSeverity,
    start: s.declaredAt,
    end: s.resolvedAt,
    ongoing: s.resolvedAt === undefined,
    durationMs,
    duration: describeDuration(durationMs),
    services: s.services,
    customersAffected: s.customersAffected ?? 'not recorded',
    commander: s.commander,
    channel: s.channel,
  };
}

/**
 * Builds the report from an incident's stored events (oldest first) at `now`, with the clock policy that measures
 * the updates. Root cause, impact and resolution come from the resolve command (its resolution text, and root
 * cause or impact if the service recorded them) and from labelled notes (`Root cause: …`, `Impact: …`, `Fix: …`,
 * `Went well: …`, `Went poorly: …`), in the order they were written. Sign-off: the commander's line is dated when
 * the commander marked the review done, the engineering lead's when the review named one; the review date is when
 * the review was marked done. Throws if the log does not declare an incident.
 */
export function buildIncidentReport(
  records: readonly IncidentEventRecord[],
  now: Date,
  policy: IncidentClockPolicy,
): IncidentReport {
  const log = readIncidentLog(records);
  const s = log.reduce<IncidentSnapshot | undefined>(applyIncidentEvent, undefined);
  if (s === undefined) throw new TypeError('the incident log holds no incident.declared event');
  const labelled: Record<NoteLabel, string[]> = {
    root_cause: [],
    impact: [],
    fix: [],
    went_well: [],
    went_poorly: [],
  };
  const resolvedWith = { rootCause: [] as string[], impact: [] as string[], resolution: [] as string[] };
  for (const e of log) {
    if (e.type === 'incident.note_added') {
      const note = classifyNote(e.payload.text);
      if (note.label) labelled[note.label].push(note.text);
    } else if (e.type === 'incident.resolved' && e.at.getTime() === s.resolvedAt?.getTime()) {
      resolvedWith.resolution.push(e.payload.resolution);
      if (e.payload.rootCause) resolvedWith.rootCause.push(e.payload.rootCause);
      if (e.payload.impact) resolvedWith.impact.push(e.payload.impact);
    }
  }
  const reviewed = s.reviewedAt;
  const analyses = log.flatMap((e) =>
    e.type === 'incident.analysis_attached'
      ? [{ author: e.actor, authorKind: e.actorKind, at: e.at, markdown: e.payload.markdown }]
      : [],
  );
  return {
    details: details(s, now),
    timeline: buildIncidentTimeline(records),
    rootCause: section([...resolvedWith.rootCause, ...labelled.root_cause], REPORT_PLACEHOLDERS.rootCause),
    impact: section([...resolvedWith.impact, ...labelled.impact], REPORT_PLACEHOLDERS.impact),
    resolution: section([...labelled.fix, ...resolvedWith.resolution], REPORT_PLACEHOLDERS.resolution),
    lessons: {
      wentWell: section(labelled.went_well, REPORT_PLACEHOLDERS.wentWell),
      wentPoorly: section(labelled.went_poorly, REPORT_PLACEHOLDERS.wentPoorly),
    },
    actionItems: s.actionItems.map(({ text, owner, due, status }) => ({
      text,
      owner,
      due,
      status: status === 'done' ? 'Done' : 'Open',
    })),
    signOff: {
      signers: [
        {
          role: 'Incident Commander',
          name: s.commander,
          date: reviewed && s.reviewedBy === s.commander ? reviewed : undefined,
        },
        { role: 'Engineering Lead', name: s.engineeringLead, date: s.engineeringLead ? reviewed : undefined },
      ],
      reviewDate: reviewed,
      reviewDueAt: s.resolvedAt ? reviewDueAt(policy, { ...s, reviewedAt: undefined }) : undefined,
    },
    figures: measureIncident(log, policy),
    analyses,
  };
}
