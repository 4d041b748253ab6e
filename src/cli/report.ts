import { Command } from 'commander';
import { MarkdownReportRenderer } from '../adapters/templates/incident-templates.js';
import { plainMention } from '../adapters/templates/map-incident-report.js';
import { ConfigError } from '../config/config-problem.js';
import { loadConfig } from '../config/load-config.js';
import { resolveConfigPath } from '../config/resolve-config-path.js';
import { incidentIdSchema } from '../core/commands/values.js';
import { incidentReportDocument } from '../services/incidents/incident-report-builder.js';
import { EventLog } from '../store/event-log.js';
import { openCliStore } from './open-cli-store.js';

/**
 * Where `report` reads from; unset, the store and config follow the runtime contract (`SHIPGATE_DATABASE_URL` or
 * `SHIPGATE_DB`, `SHIPGATE_CONFIG`), relative paths from `cwd` (default: the working directory).
 */
export interface ReportPaths {
  readonly db?: string | undefined;
  readonly config?: string | undefined;
  readonly cwd?: string | undefined;
}

/** The Markdown to print, or the one-line reason there is none. */
export type ReportOutcome =
  | { readonly ok: true; readonly markdown: string }
  | { readonly ok: false; readonly error: string };

/**
 * Builds the post-incident report of `idText` at `now` from the store (the SQLite file opened read-only, or
 * PostgreSQL in a read-only snapshot; see {@link openCliStore}), so it can run beside a live Shipgate and never
 * changes the database. People are shown as `@U0BOB` (no Slack calls). Nothing is started: no Slack app, no
 * scheduler.
 */
export async function incidentReportFromStore(
  idText: string,
  paths: ReportPaths,
  now: Date,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ReportOutcome> {
  const id = incidentIdSchema.safeParse(idText.trim());
  if (!id.success) return { ok: false, error: `${idText}: expected an incident id such as INC-2026-0007` };
  const opening = await openCliStore({ db: paths.db, env, ...(paths.cwd ? { cwd: paths.cwd } : {}) }, 'read');
  if (!opening.ok) return { ok: false, error: opening.reason };
  const { store } = opening;
  try {
    let config: ReturnType<typeof loadConfig>;
    try {
      config = loadConfig(paths.config ?? resolveConfigPath(env));
    } catch (err) {
      if (err instanceof ConfigError) return { ok: false, error: err.message };
      throw err;
    }
    const markdown = await store.read(
      async (runner) =>
        (
          await incidentReportDocument(
            { events: new EventLog(runner), config, reports: new MarkdownReportRenderer() },
            id.data,
            now,
            plainMention,
          )
        )?.markdown,
    );
    return markdown === undefined
      ? { ok: false, error: `${id.data} does not exist in ${store.location}` }
      : { ok: true, markdown };
  } finally {
    await store.close();
  }
}

/** `shipgate report <INC-id> [--db <path>] [--config <path>]`: prints the incident's report as Markdown. */
export function reportCommand(): Command {
  return new Command('report')
    .description("print an incident's post-incident report (chapter 6.3 plus figures) as Markdown")
    .argument('<id>', 'the incident id, e.g. INC-2026-0001')
    .option(
      '--db <path>',
      'a SQLite database (default: PostgreSQL when $SHIPGATE_DATABASE_URL is set, else $SHIPGATE_DB or data/shipgate.db)',
    )
    .option(
      '--config <path>',
      'the main config whose severity clocks measure the updates (default: $SHIPGATE_CONFIG, config/shipgate.yml, or the example)',
    )
    .action(async (id: string, options: ReportPaths) => {
      const outcome = await incidentReportFromStore(id, options, new Date());
      if (outcome.ok) {
        process.stdout.write(outcome.markdown);
        return;
      }
      process.stderr.write(`shipgate report: ${outcome.error}\n`);
      process.exitCode = 1;
    });
}
