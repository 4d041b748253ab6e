import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { Command } from 'commander';
import { MarkdownReportRenderer } from '../adapters/templates/incident-templates.js';
import { plainMention } from '../adapters/templates/map-incident-report.js';
import { ConfigError } from '../config/config-problem.js';
import { loadConfig } from '../config/load-config.js';
import { resolveConfigPath } from '../config/resolve-config-path.js';
import { incidentIdSchema } from '../core/commands/values.js';
import { runtimeEnvSchema } from '../runtime-env.js';
import { incidentReportDocument } from '../services/incidents/incident-report-builder.js';
import { EventLog } from '../store/event-log.js';
import { migrations } from '../store/migrations.js';
import { SqliteRunner } from '../store/sql/sqlite-runner.js';

/** Where `report` reads from; unset paths follow the runtime contract (`SHIPGATE_DB`, `SHIPGATE_CONFIG`). */
export interface ReportPaths {
  readonly db?: string | undefined;
  readonly config?: string | undefined;
}

/** The Markdown to print, or the one-line reason there is none. */
export type ReportOutcome =
  | { readonly ok: true; readonly markdown: string }
  | { readonly ok: false; readonly error: string };

/**
 * Builds the post-incident report of `idText` at `now` from the SQLite file, opened read-only so it can run beside a
 * live Shipgate and never changes the database. People are shown as `@U0BOB` (no Slack calls). Nothing is started:
 * no Slack app, no scheduler.
 */
export async function incidentReportFromFile(
  idText: string,
  paths: ReportPaths,
  now: Date,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ReportOutcome> {
  const id = incidentIdSchema.safeParse(idText.trim());
  if (!id.success) return { ok: false, error: `${idText}: expected an incident id such as INC-2026-0007` };
  const dbPath = resolve(
    paths.db ?? runtimeEnvSchema.shape.SHIPGATE_DB.parse(env.SHIPGATE_DB?.trim() || undefined),
  );
  if (!existsSync(dbPath))
    return { ok: false, error: `no Shipgate database at ${dbPath} (set --db or SHIPGATE_DB)` };
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(paths.config ?? resolveConfigPath(env));
  } catch (err) {
    if (err instanceof ConfigError) return { ok: false, error: err.message };
    throw err;
  }
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version < migrations.length)
      return {
        ok: false,
        error: `${dbPath} is at schema version ${version} of ${migrations.length}; start Shipgate once to migrate it`,
      };
    const markdown = (
      await incidentReportDocument(
        { events: new EventLog(new SqliteRunner(db)), config, reports: new MarkdownReportRenderer() },
        id.data,
        now,
        plainMention,
      )
    )?.markdown;
    return markdown === undefined
      ? { ok: false, error: `${id.data} does not exist in ${dbPath}` }
      : { ok: true, markdown };
  } finally {
    db.close();
  }
}

/** `shipgate report <INC-id> [--db <path>] [--config <path>]`: prints the incident's report as Markdown. */
export function reportCommand(): Command {
  return new Command('report')
    .description("print an incident's post-incident report (chapter 6.3 plus figures) as Markdown")
    .argument('<id>', 'the incident id, e.g. INC-2026-0001')
    .option('--db <path>', 'the SQLite database (default: $SHIPGATE_DB or data/shipgate.db)')
    .option(
      '--config <path>',
      'the main config whose severity clocks measure the updates (default: $SHIPGATE_CONFIG, config/shipgate.yml, or the example)',
    )
    .action(async (id: string, options: ReportPaths) => {
      const outcome = await incidentReportFromFile(id, options, new Date());
      if (outcome.ok) {
        process.stdout.write(outcome.markdown);
        return;
      }
      process.stderr.write(`shipgate report: ${outcome.error}\n`);
      process.exitCode = 1;
    });
}
