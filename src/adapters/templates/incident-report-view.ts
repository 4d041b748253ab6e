import { formatUtcDate, formatUtcDateTime } from '../../core/incidents/incident-time.js';
import { describeDuration as formatDuration } from '../../core/text/describe-duration.js';
import { markdownBlock, markdownCell, markdownInline, markdownListItem } from './markdown-text.js';

/** The "Incident Details" of a report (chapter 6.3). `duration` is in ms; absent, it is computed from the times. */
export interface IncidentDetailsView {
  id: string;
  severity: string;
  startedAt: Date;
  endedAt?: Date;
  duration?: number;
  services: readonly string[];
  customersAffected: string | number;
}

/** One timeline row: `time` is already `HH:MM` (UTC), `text` is free text and may hold `|` or line breaks. */
export interface TimelineEntryView {
  time: string;
  text: string;
}

/** One row of the "Action Items" table. */
export interface ActionItemView {
  action: string;
  owner: string;
  due?: Date;
  status: string;
}

/** One sign-off line; a blank name or date shows the chapter's blank line to fill in by hand. */
export interface SignerView {
  role: string;
  name?: string;
  date?: Date;
}

/** The "Sign-Off" section: who signs, and the post-incident review date. */
export interface SignOffView {
  signers: readonly SignerView[];
  reviewDate?: Date;
}

/** A severity clock (respond, escalate, update…) that passed its deadline. */
export interface ClockBreachView {
  clock: string;
  severity: string;
  dueAt: Date;
  breachedAt: Date;
}

/** Measured figures for the "Figures" section; durations are in ms, absent when the event never happened. */
export interface IncidentFiguresView {
  timeToAcknowledge?: number;
  timeToFirstUpdate?: number;
  updatesOnTime: number;
  updatesLate: number;
  breaches: readonly ClockBreachView[];
}

/**
 * Everything the incident report template shows, as plain values. Kept independent of the incident domain model
 * so that model can change and be mapped onto this later.
 */
export interface IncidentReportView {
  details: IncidentDetailsView;
  timeline: readonly TimelineEntryView[];
  rootCause: string;
  impact: string;
  resolution: string;
  wentWell: readonly string[];
  wentPoorly: readonly string[];
  actionItems: readonly ActionItemView[];
  signOff?: SignOffView;
  figures: IncidentFiguresView;
  /** Attached analyses: who (already a display name), when, and the markdown as written. */
  analyses?: readonly { author: string; at: Date; markdown: string }[];
}

/** The chapter's sign-off lines, used when a report does not name its own. */
export const DEFAULT_SIGN_OFF: SignOffView = {
  signers: [{ role: 'Incident Commander' }, { role: 'Engineering Lead' }],
};

/** The values `incident-report.mustache` receives, every one already safe for the place it is used. */
export interface IncidentReportData {
  id: string;
  severity: string;
  start_time: string;
  end_time: string;
  duration: string;
  services: string;
  customers_affected: string;
  has_timeline: boolean;
  timeline: { time: string; text: string }[];
  root_cause: string;
  impact: string;
  resolution: string;
  went_well: { item: string }[];
  went_poorly: { item: string }[];
  has_action_items: boolean;
  action_items: { action: string; owner: string; due: string; status: string }[];
  signers: { mark: string; role: string; name: string; date: string }[];
  review_date: string;
  time_to_acknowledge: string;
  time_to_first_update: string;
  updates_on_time: number;
  updates_late: number;
  updates_total: number;
  has_breaches: boolean;
  breaches: { clock: string; severity: string; due_at: string; breached_at: string }[];
  has_analyses: boolean;
  analyses: { author: string; at: string; quoted: string }[];
}

const BLANK_NAME = '________________';
const BLANK_DATE = '________';
const NOT_RECORDED = 'Not recorded.';

function durationText(details: IncidentDetailsView): string {
  const ms =
    details.duration ??
    (details.endedAt ? details.endedAt.getTime() - details.startedAt.getTime() : undefined);
  if (ms === undefined) return 'ongoing';
  return details.endedAt ? formatDuration(ms) : `${formatDuration(ms)} so far (ongoing)`;
}

function listItems(items: readonly string[]): { item: string }[] {
  return items
    .map(markdownListItem)
    .filter((item) => item !== '')
    .map((item) => ({ item }));
}

function optionalDuration(ms: number | undefined): string {
  return ms === undefined ? 'not reached' : formatDuration(ms);
}

/** Builds the report template's values: times as `YYYY-MM-DD HH:MM UTC`, table cells escaped, blanks filled. */
export function incidentReportData(report: IncidentReportView): IncidentReportData {
  const { details, figures } = report;
  const signOff = report.signOff ?? DEFAULT_SIGN_OFF;
  const timeline = report.timeline.map((entry) => ({
    time: markdownCell(entry.time),
    text: markdownCell(entry.text),
  }));
  const actionItems = report.actionItems.map((item) => ({
    action: markdownCell(item.action),
    owner: markdownCell(item.owner),
    due: item.due ? formatUtcDate(item.due) : 'not set',
    status: markdownCell(item.status),
  }));
  const breaches = figures.breaches.map((breach) => ({
    clock: markdownCell(breach.clock),
    severity: markdownCell(breach.severity),
    due_at: formatUtcDateTime(breach.dueAt),
    breached_at: formatUtcDateTime(breach.breachedAt),
  }));
  return {
    id: markdownInline(details.id),
    severity: markdownInline(details.severity),
    start_time: formatUtcDateTime(details.startedAt),
    end_time: details.endedAt ? formatUtcDateTime(details.endedAt) : 'ongoing',
    duration: durationText(details),
    services: markdownInline(details.services.join(', ')) || 'none recorded',
    customers_affected: markdownInline(String(details.customersAffected)) || 'unknown',
    has_timeline: timeline.length > 0,
    timeline,
    root_cause: markdownBlock(report.rootCause, NOT_RECORDED),
    impact: markdownBlock(report.impact, NOT_RECORDED),
    resolution: markdownBlock(report.resolution, NOT_RECORDED),
    went_well: listItems(report.wentWell),
    went_poorly: listItems(report.wentPoorly),
    has_action_items: actionItems.length > 0,
    action_items: actionItems,
    signers: signOff.signers.map((signer) => {
      const name = signer.name ? markdownInline(signer.name) : '';
      return {
        mark: name && signer.date ? 'x' : ' ',
        role: markdownInline(signer.role),
        name: name || BLANK_NAME,
        date: signer.date ? formatUtcDate(signer.date) : BLANK_DATE,
      };
    }),
    review_date: signOff.reviewDate ? formatUtcDate(signOff.reviewDate) : BLANK_DATE,
    time_to_acknowledge: optionalDuration(figures.timeToAcknowledge),
    time_to_first_update: optionalDuration(figures.timeToFirstUpdate),
    updates_on_time: figures.updatesOnTime,
    updates_late: figures.updatesLate,
    updates_total: figures.updatesOnTime + figures.updatesLate,
    has_breaches: breaches.length > 0,
    breaches,
    has_analyses: (report.analyses ?? []).length > 0,
    analyses: (report.analyses ?? []).map((a) => ({
      author: markdownInline(a.author),
      at: formatUtcDateTime(a.at),
      quoted: markdownBlock(a.markdown, '(empty)')
        .split('\n')
        .map((line) => `> ${line}`)
        .join('\n'),
    })),
  };
}
