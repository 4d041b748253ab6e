import type { IncidentReport } from '../../core/incidents/incident-report.js';
import type { NameOf, ReportRenderer } from '../../services/ports/templates.js';
import { type IncidentReportView, incidentReportData } from './incident-report-view.js';
import { incidentReportView } from './map-incident-report.js';
import { MarkdownTemplateRenderer } from './markdown-template-renderer.js';

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
  deployCustomerNotice: 'deploy-customer-notice.mustache',
} as const;

/** Where to read templates from; defaults to the project's `templates/` folder. */
export interface IncidentTemplateOptions {
  dir?: string;
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

/** The report renderer the workflows use: the core report model, people named by `nameOf`, the user's template. */
export class MarkdownReportRenderer implements ReportRenderer {
  constructor(private readonly options: IncidentTemplateOptions = {}) {}

  markdown(report: IncidentReport, nameOf: NameOf): string {
    return renderIncidentReport(incidentReportView(report, nameOf), this.options);
  }
}
