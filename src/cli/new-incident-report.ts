import { resolve } from 'node:path';
import { GeneratorTemplates } from '../adapters/templates/generator-templates.js';
import { resolveConfigPath } from '../config/resolve-config-path.js';
import { incidentIdSchema } from '../core/commands/values.js';
import { type GeneratorContext, type GeneratorResult, generatorFailure } from './generator-result.js';
import { incidentReportFromStore } from './report.js';
import { writeDocument } from './write-document.js';

/** What `shipgate new incident-report <INC-id|blank>` was asked on the command line. */
export interface NewIncidentReportOptions {
  readonly config?: string | undefined;
  readonly db?: string | undefined;
  readonly out?: string | undefined;
  readonly force?: boolean | undefined;
}

/** The word that asks for the empty template instead of an incident's report. */
export const BLANK_REPORT = 'blank';

/**
 * `shipgate new incident-report <INC-id>`: writes the incident's post-incident report (the one `shipgate report`
 * prints, from the store read-only) to `docs/incident-reports/<id>.md`; `new incident-report blank` writes the
 * template with the chapter's placeholders to `docs/incident-reports/blank.md`, to fill in by hand.
 */
export async function newIncidentReport(
  id: string,
  options: NewIncidentReportOptions,
  context: GeneratorContext,
): Promise<GeneratorResult> {
  const where = { out: options.out, force: options.force };
  if (id === BLANK_REPORT)
    return writeDocument(
      new GeneratorTemplates().blankIncidentReport(),
      { ...where, fallback: `docs/incident-reports/${BLANK_REPORT}.md` },
      context,
    );
  const report = await incidentReportFromStore(
    id,
    {
      db: options.db,
      cwd: context.cwd,
      config:
        options.config === undefined
          ? resolveConfigPath(context.env, context.cwd)
          : resolve(context.cwd, options.config),
    },
    context.now,
    context.env,
  );
  if (!report.ok) return generatorFailure(2, report.error);
  const name = incidentIdSchema.parse(id.trim());
  return writeDocument(report.markdown, { ...where, fallback: `docs/incident-reports/${name}.md` }, context);
}
