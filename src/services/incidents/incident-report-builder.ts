import { renderIncidentReport } from '../../adapters/templates/incident-templates.js';
import { incidentReportView } from '../../adapters/templates/map-incident-report.js';
import type { LoadedConfig } from '../../config/load-config.js';
import { incidentClockPolicy } from '../../core/incidents/incident-deadlines.js';
import { buildIncidentReport, type IncidentReport } from '../../core/incidents/incident-report.js';
import { type NameOf, slackMention } from '../../core/incidents/incident-timeline.js';
import type { EventLog } from '../../store/event-log.js';

/** What a report is read from: the incident's events, and the config whose clock policy measures its updates. */
export interface IncidentReportSources {
  readonly events: Pick<EventLog, 'forSubject'>;
  readonly config: LoadedConfig;
}

/** How to render: how people are named (Slack mentions by default) and an optional templates folder. */
export interface IncidentReportRendering {
  readonly nameOf?: NameOf;
  readonly templatesDir?: string;
}

/** The report model (for summaries) and its Markdown (chapter 6.3 plus figures). */
export interface IncidentReportDocument {
  readonly report: IncidentReport;
  readonly markdown: string;
}

/**
 * Builds the post-incident report of `id` as it stands at `now`, from its event log and rendered through the
 * user-editable `incident-report.mustache`. `undefined` when the log holds no such incident (an unknown id).
 */
export function incidentReportDocument(
  sources: IncidentReportSources,
  id: string,
  now: Date,
  rendering: IncidentReportRendering = {},
): IncidentReportDocument | undefined {
  const records = sources.events.forSubject(id);
  if (!records.some((r) => r.type === 'incident.declared')) return undefined;
  const nameOf = rendering.nameOf ?? slackMention;
  const report = buildIncidentReport(records, now, incidentClockPolicy(sources.config.config), nameOf);
  const markdown = renderIncidentReport(
    incidentReportView(report, nameOf),
    rendering.templatesDir ? { dir: rendering.templatesDir } : {},
  );
  return { report, markdown };
}

/** The report of `id` at `now` as Markdown; `undefined` for an unknown incident. */
export function incidentReportMarkdown(
  sources: IncidentReportSources,
  id: string,
  now: Date,
  rendering: IncidentReportRendering = {},
): string | undefined {
  return incidentReportDocument(sources, id, now, rendering)?.markdown;
}
