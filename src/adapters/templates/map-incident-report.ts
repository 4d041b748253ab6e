import type { CalendarDate } from '../../core/config/calendar-date.js';
import type { BreachableClock } from '../../core/incidents/incident-log.js';
import type { IncidentReport, ReportSection } from '../../core/incidents/incident-report.js';
import type { TimelineEntry } from '../../core/incidents/incident-timeline.js';
import type { NameOf } from '../../services/ports/templates.js';
import type { IncidentReportView, TimelineEntryView } from './incident-report-view.js';
import { markdownText, richToMarkdown } from './markdown-text.js';

/** How the report's "Clock Breaches" table names each breachable severity clock. */
export const BREACH_CLOCK_NAMES: Readonly<Record<BreachableClock, string>> = {
  response: 'Response',
  update_due: 'Status update',
  review_due: 'Post-incident review',
};

/** A people-naming for plain text outside Slack: `@U0BOB` (Slack ids kept, no lookup), `Shipgate` for the bot. */
export const plainMention: NameOf = (id) => (id === 'shipgate' ? 'Shipgate' : `@${id}`);

/** Recorded prose (made inert) as separate Markdown paragraphs, else the chapter placeholder. */
function prose(section: ReportSection): string {
  return section.recorded ? section.items.map(markdownText).join('\n\n') : section.text;
}

/** Recorded lessons (made inert) as list items, else the chapter placeholder as the one item (`- [Item 1]`). */
function bullets(section: ReportSection): string[] {
  return section.recorded ? section.items.map(markdownText) : [section.text];
}

/** Rows show `HH:MM`; when the incident spans several UTC days every row shows `YYYY-MM-DD HH:MM` instead. */
function timelineRows(entries: readonly TimelineEntry[], nameOf: NameOf): TimelineEntryView[] {
  const oneDay = new Set(entries.map((e) => e.date)).size <= 1;
  return entries.map((e) => ({
    time: oneDay ? e.time : `${e.date} ${e.time}`,
    text: richToMarkdown(e.text, nameOf),
  }));
}

/** A calendar date as the UTC midnight the view formats back to the same `YYYY-MM-DD`. */
function dayOf(date: CalendarDate): Date {
  return new Date(`${date}T00:00:00Z`);
}

/**
 * Maps the core report model onto what the Markdown template shows: people (timeline, action owners, signers)
 * named with `nameOf`, everything people wrote made inert, the duration the core measured, a severity changed since
 * the declaration shown with the declared one, unrecorded sections as the chapter's placeholders, breaches with
 * readable clock names.
 */
export function incidentReportView(
  report: IncidentReport,
  nameOf: NameOf = plainMention,
): IncidentReportView {
  const { details, figures, signOff } = report;
  return {
    details: {
      id: details.id,
      severity:
        details.severity === details.initialSeverity
          ? details.severity
          : `${details.severity} (declared as ${details.initialSeverity})`,
      startedAt: details.start,
      ...(details.end ? { endedAt: details.end } : {}),
      duration: details.durationMs,
      services: details.services,
      customersAffected: markdownText(details.customersAffected),
    },
    timeline: timelineRows(report.timeline, nameOf),
    analyses: report.analyses.map((a) => ({
      author: a.authorKind === 'agent' ? `agent ${a.author.replace(/^agent:/, '')}` : nameOf(a.author),
      at: a.at,
      markdown: a.markdown,
    })),
    rootCause: prose(report.rootCause),
    impact: prose(report.impact),
    resolution: prose(report.resolution),
    wentWell: bullets(report.lessons.wentWell),
    wentPoorly: bullets(report.lessons.wentPoorly),
    actionItems: report.actionItems.map((item) => ({
      action: markdownText(item.text),
      owner: markdownText(nameOf(item.owner)),
      ...(item.due ? { due: dayOf(item.due) } : {}),
      status: item.status,
    })),
    signOff: {
      signers: signOff.signers.map((signer) => ({
        role: signer.role,
        ...(signer.name ? { name: markdownText(nameOf(signer.name)) } : {}),
        ...(signer.date ? { date: signer.date } : {}),
      })),
      ...(signOff.reviewDate ? { reviewDate: signOff.reviewDate } : {}),
    },
    figures: {
      ...(figures.timeToAcknowledgeMs === undefined
        ? {}
        : { timeToAcknowledge: figures.timeToAcknowledgeMs }),
      ...(figures.timeToFirstUpdateMs === undefined
        ? {}
        : { timeToFirstUpdate: figures.timeToFirstUpdateMs }),
      updatesOnTime: figures.updatesOnTime,
      updatesLate: figures.updatesLate,
      breaches: figures.breaches.map((b) => ({
        clock: BREACH_CLOCK_NAMES[b.clock],
        severity: b.severity,
        dueAt: b.dueAt,
        breachedAt: b.breachedAt,
      })),
    },
  };
}
