import { formatDuration, formatUtcDateTime } from './incident-format.js';
import { type IncidentReportView, incidentReportData } from './incident-report-view.js';
import { MarkdownTemplateRenderer } from './markdown-template-renderer.js';
import { TemplateRenderer } from './template-renderer.js';

export type {
  ActionItemView,
  ClockBreachView,
  IncidentDetailsView,
  IncidentFiguresView,
  IncidentReportView,
  SignerView,
  SignOffView,
  TimelineEntryView,
} from './incident-report-view.js';

/** Template file names in `templates/`; operators edit these files, code only fills them. */
export const INCIDENT_TEMPLATES = {
  internalAlert: 'incident-internal-alert.mustache',
  customerNotification: 'incident-customer-notification.mustache',
  resolutionNotification: 'incident-resolution-notification.mustache',
  report: 'incident-report.mustache',
} as const;

/** Where to read templates from; defaults to the project's `templates/` folder. */
export interface IncidentTemplateOptions {
  dir?: string;
}

/** The chapter's "Initial Notification (Internal)" (6.4). `channel` may be given with or without its `#`. */
export interface InternalAlertView {
  severity: string;
  service: string;
  impact: string;
  startedAt: Date;
  investigating: string;
  nextUpdateAt: Date;
  channel: string;
}

/** The chapter's "Customer Notification (External)" (6.4); its status is always "Investigating". */
export interface CustomerNotificationView {
  service: string;
  impact: string;
  startedAt: Date;
  nextUpdateAt: Date;
  statusPage: string;
}

/** The chapter's "Resolution Notification" (6.4); the duration is computed from the two instants. */
export interface ResolutionNotificationView {
  service: string;
  startedAt: Date;
  resolvedAt: Date;
  rootCause: string;
  prevention: string;
}

/** Values `incident-internal-alert.mustache` receives. */
export interface InternalAlertData {
  severity: string;
  service: string;
  impact: string;
  started_at: string;
  investigating: string;
  next_update: string;
  channel: string;
}

/** Values `incident-customer-notification.mustache` receives. */
export interface CustomerNotificationData {
  service: string;
  impact: string;
  started_at: string;
  next_update: string;
  status_page: string;
}

/** Values `incident-resolution-notification.mustache` receives. */
export interface ResolutionNotificationData {
  service: string;
  resolved_at: string;
  duration: string;
  root_cause: string;
  prevention: string;
}

/** Builds the internal alert's values: times as `YYYY-MM-DD HH:MM UTC`, the channel name without its `#`. */
export function internalAlertData(view: InternalAlertView): InternalAlertData {
  return {
    severity: view.severity,
    service: view.service,
    impact: view.impact.trim(),
    started_at: formatUtcDateTime(view.startedAt),
    investigating: view.investigating,
    next_update: formatUtcDateTime(view.nextUpdateAt),
    channel: view.channel.replace(/^#/, ''),
  };
}

/** Builds the customer notification's values, with times as `YYYY-MM-DD HH:MM UTC`. */
export function customerNotificationData(view: CustomerNotificationView): CustomerNotificationData {
  return {
    service: view.service,
    impact: view.impact.trim(),
    started_at: formatUtcDateTime(view.startedAt),
    next_update: formatUtcDateTime(view.nextUpdateAt),
    status_page: view.statusPage,
  };
}

/** Builds the resolution notification's values; the duration reads "X hours Y minutes". */
export function resolutionNotificationData(view: ResolutionNotificationView): ResolutionNotificationData {
  return {
    service: view.service,
    resolved_at: formatUtcDateTime(view.resolvedAt),
    duration: formatDuration(view.resolvedAt.getTime() - view.startedAt.getTime()),
    root_cause: view.rootCause.trim(),
    prevention: view.prevention.trim(),
  };
}

/** Renders the internal incident alert as Slack text (Slack-escaped), read from the template on every call. */
export function renderInternalAlert(view: InternalAlertView, options: IncidentTemplateOptions = {}): string {
  return new TemplateRenderer(options.dir).render(INCIDENT_TEMPLATES.internalAlert, {
    ...internalAlertData(view),
  });
}

/** Renders the external customer notification as Slack text (Slack-escaped). */
export function renderCustomerNotification(
  view: CustomerNotificationView,
  options: IncidentTemplateOptions = {},
): string {
  return new TemplateRenderer(options.dir).render(INCIDENT_TEMPLATES.customerNotification, {
    ...customerNotificationData(view),
  });
}

/** Renders the resolution notification as Slack text (Slack-escaped). */
export function renderResolutionNotification(
  view: ResolutionNotificationView,
  options: IncidentTemplateOptions = {},
): string {
  return new TemplateRenderer(options.dir).render(INCIDENT_TEMPLATES.resolutionNotification, {
    ...resolutionNotificationData(view),
  });
}

/** Renders the post-incident report (chapter 6.3 plus measured figures) as a Markdown document. */
export function renderIncidentReport(
  report: IncidentReportView,
  options: IncidentTemplateOptions = {},
): string {
  return new MarkdownTemplateRenderer(options.dir).render(
    INCIDENT_TEMPLATES.report,
    incidentReportData(report),
  );
}
