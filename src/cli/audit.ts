import { Command, type CommanderError, InvalidArgumentError, Option } from 'commander';
import { ACTOR_KINDS, type ActorKind } from '../core/actor.js';
import { auditLine } from '../core/audit/audit-line.js';
import { parseAuditTime } from '../core/audit/audit-time.js';
import { verdictLines } from '../core/audit/audit-verdict.js';
import { auditTrail } from '../services/audit/audit-trail.js';
import { verifyAudit } from '../services/audit/verify-audit.js';
import { type AuditCliResult, withAuditLog } from './open-audit-log.js';

/** The options of `shipgate audit` (and, through its parent, of `audit verify`). */
export interface AuditCliOptions {
  readonly since?: Date | undefined;
  readonly actorKind?: ActorKind | undefined;
  readonly subject?: string | undefined;
  readonly limit?: number | undefined;
  readonly json?: boolean | undefined;
  readonly db?: string | undefined;
}

/** How many events a listing prints unless `--limit` says otherwise. */
export const DEFAULT_AUDIT_LIMIT = 1000;

/** Lists the events the filters match, oldest first: one line each, or one JSON object per line with `json`. */
export async function auditListing(
  options: AuditCliOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<AuditCliResult> {
  return await withAuditLog(options.db, env, async (log) => {
    const limit = options.limit ?? DEFAULT_AUDIT_LIMIT;
    const page = await auditTrail(log, {
      since: options.since,
      actorKind: options.actorKind,
      subject: options.subject,
      limit,
    });
    const lines = page.events.map((event) =>
      options.json
        ? JSON.stringify({
            id: event.id,
            at: Number.isNaN(event.at.getTime()) ? null : event.at.toISOString(),
            actor: event.actor,
            actor_kind: event.actorKind,
            subject: event.subject,
            type: event.type,
            payload: event.payload,
          })
        : auditLine(event),
    );
    const more = page.more
      ? `shipgate audit: showing the first ${limit} matching events; narrow with --since, --actor-kind or --subject, or raise --limit\n`
      : '';
    return { exitCode: 0, stdout: lines.map((line) => `${line}\n`).join(''), stderr: more };
  });
}

/** Verifies the whole hash chain: exit 0 with `OK: …`, 1 with `FAIL: …` naming the first event that does not verify. */
export async function auditVerification(
  options: AuditCliOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<AuditCliResult> {
  const filters = [
    options.since && '--since',
    options.actorKind && '--actor-kind',
    options.subject !== undefined && '--subject',
    options.limit !== undefined && '--limit',
  ].filter(Boolean);
  if (filters.length > 0)
    return Promise.resolve({
      exitCode: 2,
      stdout: '',
      stderr: `shipgate audit verify: it checks the whole log; ${filters.join(', ')} apply only to the listing\n`,
    });
  return await withAuditLog(options.db, env, async (log) => {
    const verdict = await verifyAudit(log);
    const stdout = options.json
      ? `${JSON.stringify(verdict)}\n`
      : verdictLines(verdict)
          .map((l) => `${l}\n`)
          .join('');
    return { exitCode: verdict.ok ? 0 : 1, stdout, stderr: '' };
  });
}

function sinceArg(text: string): Date {
  const at = parseAuditTime(text.trim());
  if (!at)
    throw new InvalidArgumentError(
      'expected YYYY-MM-DD (00:00 UTC) or an ISO date-time with its offset, e.g. 2026-11-24T09:30Z or 2026-11-24T10:30+01:00',
    );
  return at;
}

function limitArg(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 1_000_000)
    throw new InvalidArgumentError('expected a whole number from 1 to 1000000');
  return n;
}

function subjectArg(text: string): string {
  const subject = text.trim();
  if (subject === '') throw new InvalidArgumentError('expected a subject such as DEP-2026-0042');
  return subject;
}

/** Commander's usage errors exit 2 here (help still exits 0), like the CLI's own refusals. */
function usageExit(err: CommanderError): never {
  process.exit(err.exitCode === 0 ? 0 : 2);
}

function print(result: AuditCliResult): void {
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.exitCode;
}

/**
 * `shipgate audit [--since …] [--actor-kind …] [--subject …] [--limit n] [--json] [--db path]` prints the audit
 * trail; `shipgate audit verify [--json] [--db path]` checks its hash chain. Exit 2 on bad input or no database.
 */
export function auditCommand(): Command {
  const audit = new Command('audit')
    .description(
      'print the audit trail (every event, oldest first: time UTC, actor (kind), subject, type, payload); exit 2 on bad input or no database',
    )
    .addOption(
      new Option(
        '--since <time>',
        'events at or after this time: YYYY-MM-DD means 00:00 UTC that day; a date-time needs its offset (2026-11-24T09:30Z, 2026-11-24T10:30+01:00); the local time zone is never used',
      ).argParser(sinceArg),
    )
    .addOption(new Option('--actor-kind <kind>', 'only events by this kind of actor').choices(ACTOR_KINDS))
    .option(
      '--subject <id>',
      'only events about this subject, e.g. DEP-2026-0042 or INC-2026-0007',
      subjectArg,
    )
    .option('--limit <n>', `at most this many events (default ${DEFAULT_AUDIT_LIMIT})`, limitArg)
    .option('--json', 'one JSON object per line (verify: the verdict as JSON)')
    .option(
      '--db <path>',
      'a SQLite database, opened read-only (default: PostgreSQL when $SHIPGATE_DATABASE_URL is set, else $SHIPGATE_DB or data/shipgate.db)',
    )
    .exitOverride(usageExit)
    .action(async (options: AuditCliOptions) => print(await auditListing(options)));
  audit.addCommand(
    new Command('verify')
      .description(
        'check the hash chain of every event; exit 0 with "OK: <n> events verify", 1 with "FAIL: event <id> at <time> was <edited|inserted|deleted|reordered>: …", 2 on bad input or no database',
      )
      .option('--json', 'the verdict as JSON')
      .option(
        '--db <path>',
        'a SQLite database, opened read-only (default: PostgreSQL when $SHIPGATE_DATABASE_URL is set, else $SHIPGATE_DB or data/shipgate.db)',
      )
      .exitOverride(usageExit)
      .action(async (_options: AuditCliOptions, command: Command) =>
        print(await auditVerification(command.optsWithGlobals<AuditCliOptions>())),
      ),
  );
  return audit;
}
