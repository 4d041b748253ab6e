import { existsSync } from 'node:fs';
import { Command } from 'commander';
import type { AuditVerdict } from '../core/audit/audit-verdict.js';
import { verifyAudit } from '../services/audit/verify-audit.js';
import { AuditRepository } from '../store/audit-repository.js';
import { withoutPassword } from '../store/open-store.js';
import {
  type CopiedTable,
  CopyRefused,
  copySqliteToPostgres,
} from '../store/postgres/copy-sqlite-to-postgres.js';
import { migratePostgres } from '../store/postgres/migrate-postgres.js';
import { createPostgresPool } from '../store/postgres/postgres-pool.js';
import { PostgresRunner } from '../store/postgres/postgres-runner.js';
import { SqliteRunner } from '../store/sql/sqlite-runner.js';
import type { CommandOutcome } from './command-outcome.js';
import { openMigratedImage, UnusableDatabase } from './inspect-database.js';
import { shipgateDbPath } from './shipgate-db-path.js';

/** The options of `shipgate db copy`. */
export interface DbCopyOptions {
  /** The SQLite file (`--from`); else `SHIPGATE_DB`, else `data/shipgate.db`. */
  readonly from?: string | undefined;
  /** The PostgreSQL connection string (`--to`); else `SHIPGATE_DATABASE_URL`. */
  readonly to?: string | undefined;
}

/**
 * `shipgate db copy`: moves an installation from its SQLite file to PostgreSQL. Reads one consistent instant of the
 * file (read-only, brought to this build's schema in memory, as `shipgate backup` checks it), migrates the target,
 * refuses a target that already holds rows, copies every table in one transaction, then verifies: every table's
 * count on both sides, and the audit chain walked end to end on the target, ending at the source's head. Exit 0
 * when all of it holds, 1 when the copy was refused, failed or does not verify, 2 for bad input. Stop Shipgate
 * first: what it writes to the file after the instant read is not copied.
 */
export async function copyDatabaseToPostgres(
  options: DbCopyOptions,
  env: NodeJS.ProcessEnv,
): Promise<CommandOutcome> {
  const usage = (reason: string): CommandOutcome => ({
    exitCode: 2,
    stdout: '',
    stderr: `shipgate db copy: ${reason}\nusage: shipgate db copy --from data/shipgate.db --to postgres://user:password@host:5432/shipgate\n`,
  });
  const source = shipgateDbPath(options.from, env);
  const url = options.to ?? env.SHIPGATE_DATABASE_URL?.trim();
  if (!url) return usage('name the PostgreSQL database with --to (or set SHIPGATE_DATABASE_URL)');
  if (!/^postgres(ql)?:\/\//.test(url)) return usage(`--to must be a postgres:// connection string`);
  if (!existsSync(source)) return usage(`no Shipgate database at ${source} (set --from or SHIPGATE_DB)`);
  const failed = (reason: string): CommandOutcome => ({
    exitCode: 1,
    stdout: '',
    stderr: `shipgate db copy: nothing was copied: ${reason}\n`,
  });
  let image: ReturnType<typeof openMigratedImage>;
  try {
    image = openMigratedImage(source);
  } catch (err) {
    return failed(err instanceof UnusableDatabase ? err.message : String(err));
  }
  const pool = createPostgresPool(url, { max: 2 });
  const target = withoutPassword(url);
  try {
    const sourceAudit = await verifyAudit(new AuditRepository(new SqliteRunner(image.db)));
    if (!sourceAudit.ok)
      return failed(
        `the audit chain of ${source} does not verify (event ${sourceAudit.first.id}: ${sourceAudit.first.problem}); run shipgate audit verify --db ${source}`,
      );
    let copied: CopiedTable[];
    try {
      await migratePostgres(pool);
      copied = await copySqliteToPostgres(image.db, pool);
    } catch (err) {
      return failed(err instanceof CopyRefused ? err.message : `${target}: ${message(err)}`);
    }
    const targetAudit = await verifyAudit(new AuditRepository(new PostgresRunner(pool)));
    return report(source, image.schemaVersion, target, copied, sourceAudit, targetAudit);
  } finally {
    image.db.close();
    await pool.end();
  }
}

function report(
  source: string,
  schemaVersion: number,
  target: string,
  copied: readonly CopiedTable[],
  sourceAudit: AuditVerdict,
  targetAudit: AuditVerdict,
): CommandOutcome {
  const width = Math.max(...copied.map((t) => t.table.length));
  const lines = copied.map(
    (t) => `  ${t.table.padEnd(width)}  ${String(t.source).padStart(7)} → ${String(t.target).padStart(7)}`,
  );
  const unequal = copied.filter((t) => t.source !== t.target);
  const problems: string[] = unequal.map(
    (t) => `${t.table} has ${t.source} rows in the source, ${t.target} in the target`,
  );
  let chain: string;
  if (!targetAudit.ok) {
    chain = `the audit chain does NOT verify on the target (event ${targetAudit.first.id}: ${targetAudit.first.problem})`;
    problems.push(chain);
  } else if (sourceAudit.ok && targetAudit.head.hash !== sourceAudit.head.hash) {
    chain = `the target's audit head ${targetAudit.head.hash.slice(0, 12)}… is not the source's ${sourceAudit.head.hash.slice(0, 12)}…`;
    problems.push(chain);
  } else {
    chain = `audit chain verified on the target: ${targetAudit.rows} events, head #${targetAudit.head.id} ${targetAudit.head.hash.slice(0, 12)}… (the source's)`;
  }
  const stdout = [
    `Copied ${source} (schema version ${schemaVersion}) to ${target}:`,
    ...lines,
    chain,
    ...(problems.length === 0
      ? [
          'Next: set SHIPGATE_DATABASE_URL to this database on every replica and start them; keep the SQLite file as it is, to go back to.',
        ]
      : []),
    '',
  ].join('\n');
  if (problems.length === 0) return { exitCode: 0, stdout, stderr: '' };
  return {
    exitCode: 1,
    stdout,
    stderr: `shipgate db copy: the copy does not verify: ${problems.join('; ')}\n`,
  };
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** `npx shipgate db copy --from <sqlite file> --to <postgres url>`. */
export function dbCliCommand(): Command {
  const db = new Command('db').description('move a Shipgate database between stores');
  db.command('copy')
    .description(
      'copy a SQLite database into an empty PostgreSQL database and verify it (stop Shipgate first)',
    )
    .option('--from <path>', 'the SQLite file (default: SHIPGATE_DB, else data/shipgate.db)')
    .option('--to <url>', 'the PostgreSQL connection string (default: SHIPGATE_DATABASE_URL)')
    .action(async (opts: { from?: string; to?: string }) => {
      const outcome = await copyDatabaseToPostgres({ from: opts.from, to: opts.to }, process.env);
      process.stdout.write(outcome.stdout);
      process.stderr.write(outcome.stderr);
      process.exitCode = outcome.exitCode;
    });
  return db;
}
