import type { IncidentRecord } from '../../core/incidents/incident-record.js';
import type { IncidentReport } from '../../core/incidents/incident-report.js';
import { describeDuration } from '../../core/text/describe-duration.js';
import { channelLink, mention, type RichText, rich } from '../../core/text/rich-text.js';
import { done, type Outcome, refuse } from '../answer.js';
import type { Runtime } from '../runtime.js';
import { INCIDENT_TIMERS } from './incident-defaults.js';
import { incidentReportDocument, incidentReportModel, peopleInReport } from './incident-report-builder.js';

/** The file name a report is uploaded as: `INC-2026-0001-report.md`. */
export function reportFileName(id: string): string {
  return `${id}-report.md`;
}

/** The file's title in Slack: `Incident report INC-2026-0001`. */
export function reportTitle(id: string): string {
  return `Incident report ${id}`;
}

/** The message posted with the file: the incident's state and the report's key figures, as the file shows them. */
export function reportComment(report: IncidentReport, requestedBy: string | undefined): RichText {
  const { details, figures } = report;
  const state = details.ongoing ? `ongoing for ${details.duration}` : `resolved after ${details.duration}`;
  const figure = (ms: number | undefined) => (ms === undefined ? 'not reached' : describeDuration(ms));
  const total = figures.updatesOnTime + figures.updatesLate;
  const by = requestedBy ? rich`, requested by ${mention(requestedBy)}` : rich``;
  return rich`:page_facing_up: *${reportTitle(details.id)}* (${details.severity}, ${state})${by}
Time to acknowledge: ${figure(figures.timeToAcknowledgeMs)} · Time to first update: ${figure(figures.timeToFirstUpdateMs)} · Status updates on time: ${figures.updatesOnTime} of ${total} (${figures.updatesLate} late) · Clock breaches: ${figures.breaches.length}`;
}

/**
 * Renders the incident's current report, with people named by their display names, and uploads it as a Markdown
 * file to its channel. Throws on failures worth retrying (the timer retries with backoff); a refusal no retry can
 * fix is logged and the requester is told by direct message, pointing at the CLI.
 */
export async function uploadIncidentReport(
  rt: Runtime,
  id: string,
  requestedBy: string | undefined,
): Promise<void> {
  const incident = await rt.incidents.get(id);
  const now = rt.clock.now();
  const model = await incidentReportModel(rt, id, now);
  if (!incident || !model) {
    rt.logger.error({ incident: id }, 'report requested for an incident that does not exist; dropped');
    return;
  }
  if (!incident.channelId) throw new Error(`${id} has no channel yet; the report waits for it`);
  const names = new Map<string, string>();
  for (const user of peopleInReport(model)) names.set(user, await rt.people.displayName(user, now));
  const document = await incidentReportDocument(rt, id, now, (user) => names.get(user) ?? user);
  if (!document) return;
  const uploaded = await rt.workspace.uploadFile(
    incident.channelId,
    { name: reportFileName(id), title: reportTitle(id), content: document.markdown },
    reportComment(document.report, requestedBy),
  );
  if (uploaded.ok) {
    rt.logger.info({ incident: id, channel: incident.channelId }, 'incident report uploaded');
    return;
  }
  rt.logger.error(
    { incident: id, error: uploaded.refused },
    'the workspace refused the report upload; not retrying',
  );
  if (requestedBy)
    await rt.notifier.post(
      requestedBy,
      rich`:warning: Slack refused the report of ${id} (\`${uploaded.refused}\`). \`npx shipgate report ${id}\` prints it.`,
      id,
      rt.clock.now(),
    );
}

/** Registers the report upload's timer handler, so uploads armed before a restart still run. */
export function registerIncidentReport(rt: Runtime): void {
  rt.timers.on(INCIDENT_TIMERS.reportUpload, async (timer) => {
    const { requestedBy } = timer.payload as { requestedBy?: unknown };
    await uploadIncidentReport(rt, timer.subject, typeof requestedBy === 'string' ? requestedBy : undefined);
  });
}

/**
 * `/incident report`: arms the durable upload (due now; the command's follow-up flush runs it) and answers at
 * once. An incident without a channel yet, or with an upload still on its way, is answered without a second one.
 */
export async function requestIncidentReport(
  rt: Runtime,
  incident: IncidentRecord,
  requestedBy: string,
): Promise<Outcome> {
  const cli = rich`\`npx shipgate report ${incident.id}\` prints it meanwhile.`;
  if (!incident.channelId)
    return refuse(rich`${incident.id} has no channel yet to post its report in; ${cli}`);
  const where = channelLink(incident.channelId);
  if ((await rt.timers.pending(incident.id)).some((t) => t.kind === INCIDENT_TIMERS.reportUpload))
    return done(rich`:hourglass: A report of ${incident.id} is already on its way to ${where}.`);
  await rt.timers.arm(INCIDENT_TIMERS.reportUpload, incident.id, rt.clock.now(), { requestedBy });
  return done(rich`:page_facing_up: Report of ${incident.id} is being posted as a file in ${where}.`);
}
