import type { LoadedConfig } from '../../core/config/loaded-config.js';
import { incidentClockPolicy } from '../../core/incidents/incident-deadlines.js';
import { buildIncidentReport, type IncidentReport } from '../../core/incidents/incident-report.js';
import type { EventStore } from '../ports/event-store.js';
import type { NameOf, ReportRenderer } from '../ports/templates.js';

/** What a report is read from and rendered with: the incident's events, the config whose clock policy measures its
 * updates, and the report template. */
export interface IncidentReportSources {
  readonly events: Pick<EventStore, 'forSubject'>;
  readonly config: LoadedConfig;
  readonly reports: ReportRenderer;
}

/** The report model (for summaries) and its Markdown (chapter 6.3 plus figures). */
export interface IncidentReportDocument {
  readonly report: IncidentReport;
  readonly markdown: string;
}

/** The report model of `id` as it stands at `now`; `undefined` when the log holds no such incident. */
export async function incidentReportModel(
  sources: Pick<IncidentReportSources, 'events' | 'config'>,
  id: string,
  now: Date,
): Promise<IncidentReport | undefined> {
  const records = await sources.events.forSubject(id);
  if (!records.some((r) => r.type === 'incident.declared')) return undefined;
  return buildIncidentReport(records, now, incidentClockPolicy(sources.config.config));
}

/**
 * Builds the post-incident report of `id` as it stands at `now`, from its event log, rendered through the
 * user-editable report template with people named by `nameOf`. `undefined` for an unknown id.
 */
export async function incidentReportDocument(
  sources: IncidentReportSources,
  id: string,
  now: Date,
  nameOf: NameOf,
): Promise<IncidentReportDocument | undefined> {
  const report = await incidentReportModel(sources, id, now);
  return report ? { report, markdown: sources.reports.markdown(report, nameOf) } : undefined;
}

/** Every person a report names (timeline, action owners, signers), so their names can be looked up first. */
export function peopleInReport(report: IncidentReport): string[] {
  const ids = new Set<string>();
  for (const entry of report.timeline)
    for (const part of entry.text.parts) if (part.kind === 'user' && part.id !== 'shipgate') ids.add(part.id);
  for (const item of report.actionItems) ids.add(item.owner);
  for (const signer of report.signOff.signers) if (signer.name) ids.add(signer.name);
  return [...ids];
}
