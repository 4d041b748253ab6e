import { formatDuration } from '../../adapters/templates/incident-format.js';
import type { IncidentReport } from '../../core/incidents/incident-report.js';
import type { TimerService } from '../../scheduler/timer-service.js';
import { permanentSlackError } from '../../slack/slack-outbox.js';
import { answered, type CommandResult, refused } from '../../slack/slash-command.js';
import type { IncidentRecord } from '../../store/incident-repository.js';
import type { IncidentContext } from './incident-context.js';
import { incidentReportDocument } from './incident-report-builder.js';

/** Timer kind of a report upload: one row per `/incident report`, fired at once and retried until Slack has it. */
export const INCIDENT_REPORT_UPLOAD = 'incident.report_upload';

/** Upload errors (besides the outbox's) that no retry can fix. */
const PERMANENT_UPLOAD_ERRORS = new Set([
  'access_denied',
  'file_uploads_disabled',
  'file_upload_size_restricted',
  'invalid_channel',
  'posting_to_channel_denied',
  'storage_limit_reached',
]);

/** The file name a report is uploaded as: `INC-2026-0001-report.md`. */
export function reportFileName(id: string): string {
  return `${id}-report.md`;
}

/** The file's title in Slack: `Incident report INC-2026-0001`. */
export function reportTitle(id: string): string {
  return `Incident report ${id}`;
}

/** The message posted with the file: the incident's state and the report's key figures, as the file shows them. */
export function reportComment(report: IncidentReport, requestedBy: string | undefined): string {
  const { details, figures } = report;
  const duration = formatDuration(details.durationMs);
  const state = details.ongoing ? `ongoing for ${duration}` : `resolved after ${duration}`;
  const figure = (ms: number | undefined) => (ms === undefined ? 'not reached' : formatDuration(ms));
  const total = figures.updatesOnTime + figures.updatesLate;
  return [
    `:page_facing_up: *${reportTitle(details.id)}* (${details.severity}, ${state})${requestedBy ? `, requested by <@${requestedBy}>` : ''}`,
    `Time to acknowledge: ${figure(figures.timeToAcknowledgeMs)} · Time to first update: ${figure(figures.timeToFirstUpdateMs)} · Status updates on time: ${figures.updatesOnTime} of ${total} (${figures.updatesLate} late) · Clock breaches: ${figures.breaches.length}`,
  ].join('\n');
}

/**
 * Renders the incident's current report and uploads it as a Markdown file to its channel (`filesUploadV2`). Throws
 * on failures worth retrying (the timer retries with backoff, honouring 429's Retry-After); a refusal no retry can
 * fix is logged and the requester is told by direct message, pointing at the CLI.
 */
export async function uploadIncidentReport(
  ctx: IncidentContext,
  id: string,
  requestedBy: string | undefined,
): Promise<void> {
  const incident = ctx.incidents.get(id);
  const document = incidentReportDocument(ctx, id, ctx.clock.now());
  if (!incident || !document) {
    ctx.logger.error({ incident: id }, 'report requested for an incident that does not exist; dropped');
    return;
  }
  if (!incident.channelId) throw new Error(`${id} has no channel yet; the report waits for it`);
  try {
    await ctx.slack.filesUploadV2({
      channel_id: incident.channelId,
      filename: reportFileName(id),
      title: reportTitle(id),
      content: document.markdown,
      initial_comment: reportComment(document.report, requestedBy),
    });
  } catch (err) {
    const code = (err as { data?: { error?: string } }).data?.error;
    const permanent =
      permanentSlackError(err) ?? (code && PERMANENT_UPLOAD_ERRORS.has(code) ? code : undefined);
    if (!permanent) throw err;
    ctx.logger.error({ incident: id, error: permanent }, 'Slack refused the report upload; not retrying');
    if (requestedBy)
      ctx.outbox.enqueue(
        'chat.postMessage',
        {
          channel: requestedBy,
          text: `:warning: Slack refused the report of ${id} (\`${permanent}\`). \`npx shipgate report ${id}\` prints it.`,
        },
        id,
        ctx.clock.now(),
      );
    return;
  }
  ctx.logger.info({ incident: id, channel: incident.channelId }, 'incident report uploaded');
}

const registered = new WeakSet<TimerService>();

/**
 * Registers the report upload's timer handler. Call once from the composition root (beside the other incident
 * handlers) so uploads armed before a restart still run; a second call for the same scheduler does nothing.
 */
export function registerIncidentReport(ctx: IncidentContext): void {
  if (registered.has(ctx.timers)) return;
  registered.add(ctx.timers);
  ctx.timers.on(INCIDENT_REPORT_UPLOAD, async (timer) => {
    const { requestedBy } = timer.payload as { requestedBy?: unknown };
    await uploadIncidentReport(ctx, timer.subject, typeof requestedBy === 'string' ? requestedBy : undefined);
  });
}

/**
 * `/incident report`: arms the durable upload (due now; the command's after-ack flush runs it) and answers at
 * once. An incident without a channel yet, or with an upload still on its way, is answered without a second one.
 */
export function requestIncidentReport(
  ctx: IncidentContext,
  incident: IncidentRecord,
  requestedBy: string,
): CommandResult {
  const cli = `\`npx shipgate report ${incident.id}\` prints it meanwhile.`;
  if (!incident.channelId) return refused(`${incident.id} has no channel yet to post its report in; ${cli}`);
  if (ctx.timers.pending(incident.id).some((t) => t.kind === INCIDENT_REPORT_UPLOAD))
    return answered(
      `:hourglass: A report of ${incident.id} is already on its way to <#${incident.channelId}>.`,
    );
  ctx.timers.arm(INCIDENT_REPORT_UPLOAD, incident.id, ctx.clock.now(), { requestedBy });
  return answered(
    `:page_facing_up: Report of ${incident.id} is being posted as a file in <#${incident.channelId}>.`,
  );
}
