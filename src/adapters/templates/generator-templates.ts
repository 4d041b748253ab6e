import type { EnvironmentPolicyView } from '../../core/generators/environment-policy-view.js';
import type { ReadinessDocument } from '../../core/generators/readiness-document.js';
import type { RollbackRunbook } from '../../core/generators/rollback-runbook.js';
import type { ServiceBlockView } from '../../core/generators/service-block-view.js';
import { blankIncidentReportData } from './blank-incident-report.js';
import { blankReleaseNotesView } from './blank-release-notes-view.js';
import { INCIDENT_TEMPLATES } from './incident-templates.js';
import { MarkdownTemplateRenderer } from './markdown-template-renderer.js';
import { readinessDocumentView } from './readiness-document-view.js';
import { CHANGELOG_TEMPLATE } from './release-notes-templates.js';
import { rollbackRunbookView } from './rollback-runbook-view.js';

/** The template file names in `templates/` that `shipgate new` fills (besides the changelog and report ones). */
export const GENERATOR_TEMPLATES = {
  environment: 'environment-deployment.mustache',
  service: 'service-block.mustache',
  rollbackRunbook: 'rollback-runbook.mustache',
  readiness: 'readiness.mustache',
} as const;

/**
 * Renders what `shipgate new` writes from the user-editable templates (read on every render): environment
 * policies and service blocks as YAML (their views hold YAML values already), the rollback runbook and readiness
 * document as Markdown, and the changelog and incident report templates with empty sections to fill in by hand.
 */
export class GeneratorTemplates {
  private readonly renderer: MarkdownTemplateRenderer;

  constructor(dir?: string) {
    this.renderer = new MarkdownTemplateRenderer(dir);
  }

  /** An environment policy file in the chapter's 3.4 format. */
  environmentPolicy(view: EnvironmentPolicyView): string {
    return this.renderer.render(GENERATOR_TEMPLATES.environment, view);
  }

  /** A `services.<name>` block, unindented (its first line is `<name>:`). */
  serviceBlock(view: ServiceBlockView): string {
    return this.renderer.render(GENERATOR_TEMPLATES.service, view);
  }

  /** The chapter's 4.3 rollback procedure for one service in one environment. */
  rollbackRunbook(runbook: RollbackRunbook): string {
    return this.renderer.render(GENERATOR_TEMPLATES.rollbackRunbook, rollbackRunbookView(runbook));
  }

  /** A readiness checklist document of one service. */
  readinessDocument(document: ReadinessDocument): string {
    return this.renderer.render(GENERATOR_TEMPLATES.readiness, readinessDocumentView(document));
  }

  /** The 4.4 release notes with every section empty, saying why in the note. */
  blankReleaseNotes(heading: string, date: Date, note: string): string {
    return this.renderer.render(CHANGELOG_TEMPLATE, blankReleaseNotesView(heading, date, note));
  }

  /** The post-incident report with the chapter's placeholders, to fill in by hand. */
  blankIncidentReport(): string {
    return this.renderer.render(INCIDENT_TEMPLATES.report, blankIncidentReportData());
  }
}
