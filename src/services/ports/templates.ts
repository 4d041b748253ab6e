import type { IncidentReport } from '../../core/incidents/incident-report.js';
import type { RichText, RichValue } from '../../core/text/rich-text.js';

/** A template's values: strings are user text (escaped where shown), {@link RichText} keeps mentions and times. */
export type TemplateValues = Readonly<Record<string, RichValue>>;

/**
 * The user-editable communication templates of `templates/` (chapter 6.4), read on every use so an edit applies
 * without a restart. A template's own text is the operator's copy; every value is placed as a typed part.
 */
export interface CommunicationTemplates {
  /** Renders `templates/<name>` with `values`. */
  render(name: string, values: TemplateValues): RichText;
}

/** How a report names people: display names in Slack, `@U…` in the terminal. */
export type NameOf = (userId: string) => string;

/** Turns the post-incident report model into its Markdown document (the user-editable report template). */
export interface ReportRenderer {
  markdown(report: IncidentReport, nameOf: NameOf): string;
}
