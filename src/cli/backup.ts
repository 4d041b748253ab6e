import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { Command } from 'commander';
import type { CommandOutcome } from './command-outcome.js';
import { describeInspection, inspectDatabase, UnusableDatabase } from './inspect-database.js';
import { shipgateDbPath } from './shipgate-db-path.js';

/**
 * Pages per step of SQLite's online backup: all of them, so the copy is made inside one read transaction and is
 * never restarted by a write a running Shipgate makes meanwhile (Shipgate's databases are small; this takes ms).
 */
const ALL_PAGES = 0x7fffffff;

/**
 * Copies `from` (an open handle) to `to` with SQLite's online backup API, then makes the copy a self-contained
 * file (rollback journal instead of WAL), so it can be moved, uploaded or restored as one file.
 */
export async function copyDatabase(from: Database.Database, to: string): Promise<void> {
  await from.backup(to, { progress: () => ALL_PAGES });
  const copy = new Database(to, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
}

/** The options of `shipgate backup`. */
export interface BackupOptions {
  /** Where the copy goes. */
  readonly file: string;
  /** The database to copy (`--db`); else `SHIPGATE_DB`, else `data/shipgate.db`. */
  readonly db?: string | undefined;
  /** Replace `file` if it exists. */
  readonly force?: boolean | undefined;
}

/**
 * `shipgate backup <file>`: a consistent copy of the live database, taken through SQLite's backup API from a
 * read-only handle, so it can run beside a running Shipgate (the copy is what the file held at one instant; writes
 * go on meanwhile). It is written beside `file` under a temporary name, checked (integrity, counts, the audit
 * chain) and only then renamed into place, so `file` is never a half-written or unchecked copy. An existing `file`
 * is replaced only with `force`. Exit 1 when the copy's audit chain does not verify (the copy is kept: it is what
 * the database holds, evidence included).
 */
export async function backupDatabase(
  options: BackupOptions,
  env: NodeJS.ProcessEnv,
): Promise<CommandOutcome> {
  const source = shipgateDbPath(options.db, env);
  const target = resolve(options.file);
  const usage = (reason: string): CommandOutcome => ({
    exitCode: 2,
    stdout: '',
    stderr: `shipgate backup: ${reason}\n`,
  });
  if (!existsSync(source)) return usage(`no Shipgate database at ${source} (set --db or SHIPGATE_DB)`);
  if (target === source) return usage(`${target} is the database itself; name another file`);
  if (existsSync(target) && !options.force)
    return usage(`${target} already exists; add --force to replace it`);
  mkdirSync(dirname(target), { recursive: true });
  const partial = `${target}.partial-${process.pid}`;
  try {
    const from = new Database(source, { readonly: true, fileMustExist: true });
    try {
      from.pragma('busy_timeout = 5000');
      await copyDatabase(from, partial);
    } finally {
      from.close();
    }
    const inspection = await inspectDatabase(partial);
    renameSync(partial, target);
    const summary = `Backed up ${source} to ${target}: ${describeInspection(inspection)}\n`;
    if (inspection.audit.ok) return { exitCode: 0, stdout: summary, stderr: '' };
    return {
      exitCode: 1,
      stdout: summary,
      stderr: `shipgate backup: the audit chain does not verify; run shipgate audit verify --db ${source}\n`,
    };
  } catch (err) {
    rmSync(partial, { force: true });
    const reason =
      err instanceof UnusableDatabase ? err.message : err instanceof Error ? err.message : String(err);
    return { exitCode: 1, stdout: '', stderr: `shipgate backup: cannot back up ${source}: ${reason}\n` };
  }
}

/** `npx shipgate backup <file> [--db <path>] [--force]`. */
export function backupCommand(): Command {
  return new Command('backup')
    .description('write a consistent copy of the database (safe while Shipgate runs)')
    .argument('<file>', 'where the copy goes')
    .option('--db <path>', 'the database to copy (default: SHIPGATE_DB, else data/shipgate.db)')
    .option('--force', 'replace <file> if it exists')
    .action(async (file: string, opts: { db?: string; force?: boolean }) => {
      const outcome = await backupDatabase({ file, db: opts.db, force: opts.force }, process.env);
      process.stdout.write(outcome.stdout);
      process.stderr.write(outcome.stderr);
      process.exitCode = outcome.exitCode;
    });
}
