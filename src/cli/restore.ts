import { constants, copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import Database from 'better-sqlite3';
import { Command } from 'commander';
import { migrations } from '../store/migrations.js';
import { copyDatabase } from './backup.js';
import type { CommandOutcome } from './command-outcome.js';
import {
  type DatabaseInspection,
  describeInspection,
  inspectDatabase,
  UnusableDatabase,
} from './inspect-database.js';
import { lockDatabase } from './lock-database.js';
import { shipgateDbPath } from './shipgate-db-path.js';

/** The options of `shipgate restore`. */
export interface RestoreOptions {
  /** The backup to restore (a file `shipgate backup` wrote, or any copy of a Shipgate database). */
  readonly file: string;
  /** The database to replace (`--db`); else `SHIPGATE_DB`, else `data/shipgate.db`. */
  readonly db?: string | undefined;
  /** Do not ask. */
  readonly yes?: boolean | undefined;
  /** Asks a question on the terminal; without it (not a TTY) `yes` is required. */
  readonly ask?: ((question: string) => Promise<string>) | undefined;
  /** The time the previous database's name is stamped with. */
  readonly now: Date;
}

/** `20261124T100000Z`: the timestamp in the name the previous database is kept under. */
export function restoreStamp(now: Date): string {
  return now
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replaceAll('-', '')
    .replaceAll(':', '');
}

/**
 * `shipgate restore <file>`: puts a backup in place of the database. It checks the backup first (SQLite's integrity
 * check, a schema no newer than this build's — an older one is migrated when Shipgate starts — and the audit
 * chain) and refuses while anything has the database open, a running Shipgate above all (see `lockDatabase`). It
 * asks first unless `yes`, then, holding the database's exclusive lock so no Shipgate can start on it meanwhile,
 * keeps the current file as `<db>.before-restore-<timestamp>` and moves a checked copy of the backup into place
 * with one rename. The backup file itself is only read.
 */
export async function restoreDatabase(
  options: RestoreOptions,
  env: NodeJS.ProcessEnv,
): Promise<CommandOutcome> {
  const backup = resolve(options.file);
  const target = shipgateDbPath(options.db, env);
  const out = (exitCode: 0 | 1 | 2, text: string): CommandOutcome =>
    exitCode === 0
      ? { exitCode, stdout: text, stderr: '' }
      : { exitCode, stdout: '', stderr: `shipgate restore: ${text}` };
  if (!existsSync(backup)) return out(2, `no backup at ${backup}\n`);
  if (backup === target) return out(2, `${backup} is the database itself; name the backup to restore\n`);

  let incoming: DatabaseInspection;
  try {
    incoming = await inspectDatabase(backup);
  } catch (err) {
    if (err instanceof UnusableDatabase) return out(1, `refusing: ${err.message}\n`);
    throw err;
  }
  if (!incoming.audit.ok)
    return out(
      1,
      `refusing: the audit chain in ${backup} does not verify (event ${incoming.audit.first.id} was ${incoming.audit.first.problem}); run shipgate audit verify --db ${backup}\n`,
    );

  const present = existsSync(target);
  if (present) {
    const probe = lockDatabase(target);
    if (probe.kind === 'in-use') return out(1, inUse(target));
    if (probe.kind === 'locked') probe.db.close();
  }
  const before = `${target}.before-restore-${restoreStamp(options.now)}`;
  if (!options.yes) {
    if (!options.ask)
      return out(1, `not a terminal, so nothing was asked or changed: add --yes to restore ${backup}\n`);
    const question = `Replace ${target}${present ? ` (${await currentContents(target)})` : ''} with ${backup} (${describeInspection(incoming)})?${present ? ` The current file is kept as ${before}.` : ''} [y/N] `;
    if (!/^y(es)?$/i.test((await options.ask(question)).trim())) return out(1, 'nothing was changed\n');
  }

  const staged = `${target}.restoring-${process.pid}`;
  try {
    mkdirSync(dirname(target), { recursive: true });
    const from = new Database(backup, { readonly: true, fileMustExist: true });
    try {
      await copyDatabase(from, staged);
    } finally {
      from.close();
    }
    const lock = present ? lockDatabase(target) : undefined;
    if (lock?.kind === 'in-use') {
      rmSync(staged, { force: true });
      return out(1, inUse(target));
    }
    try {
      if (lock?.kind === 'locked') {
        // Fold the WAL into the file while no one else can write, so the kept copy is one complete file and no
        // stale -wal is left beside the restored database (SQLite would replay it into the wrong file).
        lock.db.pragma('journal_mode = DELETE');
        copyFileSync(target, before, constants.COPYFILE_EXCL);
      } else if (lock?.kind === 'unreadable') {
        for (const suffix of ['', '-wal', '-shm'])
          if (existsSync(`${target}${suffix}`)) renameSync(`${target}${suffix}`, `${before}${suffix}`);
      }
      for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
      renameSync(staged, target);
    } finally {
      if (lock?.kind === 'locked') lock.db.close();
    }
  } catch (err) {
    rmSync(staged, { force: true });
    return out(1, `could not restore ${backup}: ${err instanceof Error ? err.message : String(err)}\n`);
  }
  const migrate =
    incoming.schemaVersion < migrations.length
      ? ` Shipgate migrates it from schema version ${incoming.schemaVersion} to ${migrations.length} when it starts.`
      : '';
  const kept = present ? ` The previous database is kept as ${before}.` : '';
  return out(0, `Restored ${target} from ${backup}: ${describeInspection(incoming)}.${kept}${migrate}\n`);
}

function inUse(target: string): string {
  return `refusing: ${target} is open in another process — a running Shipgate (or the sandbox, or a shipgate command reading it); stop it first\n`;
}

async function currentContents(target: string): Promise<string> {
  try {
    const current = await inspectDatabase(target);
    return `${current.deploys} deploys, ${current.incidents} incidents, ${current.events} events`;
  } catch (err) {
    return err instanceof UnusableDatabase ? 'unreadable' : String(err);
  }
}

/** `npx shipgate restore <file> [--db <path>] [--yes]`. */
export function restoreCommand(): Command {
  return new Command('restore')
    .description('replace the database with a backup (refused while Shipgate runs; asks first)')
    .argument('<file>', 'the backup to restore')
    .option('--db <path>', 'the database to replace (default: SHIPGATE_DB, else data/shipgate.db)')
    .option('--yes', 'do not ask')
    .action(async (file: string, opts: { db?: string; yes?: boolean }) => {
      const rl = process.stdin.isTTY
        ? createInterface({ input: process.stdin, output: process.stdout })
        : undefined;
      try {
        const outcome = await restoreDatabase(
          { file, db: opts.db, yes: opts.yes, ask: rl && ((q: string) => rl.question(q)), now: new Date() },
          process.env,
        );
        process.stdout.write(outcome.stdout);
        process.stderr.write(outcome.stderr);
        process.exitCode = outcome.exitCode;
      } finally {
        rl?.close();
      }
    });
}
