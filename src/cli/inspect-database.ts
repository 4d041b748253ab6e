import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { AuditVerdict } from '../core/audit/audit-verdict.js';
import { verifyAudit } from '../services/audit/verify-audit.js';
import { AuditRepository } from '../store/audit-repository.js';
import { migrate } from '../store/database.js';
import { migrations } from '../store/migrations.js';
import { SqliteRunner } from '../store/sql/sqlite-runner.js';

/** What a Shipgate database file holds, as backup and restore check it. */
export interface DatabaseInspection {
  readonly bytes: number;
  /** Its `user_version`: how many of this build's migrations it has. */
  readonly schemaVersion: number;
  readonly deploys: number;
  readonly incidents: number;
  readonly events: number;
  /** The audit hash chain walked end to end (on the schema of this build). */
  readonly audit: AuditVerdict;
}

/** Why a file is not a Shipgate database this build can use. */
export class UnusableDatabase extends Error {}

/** A database file's contents brought to this build's schema in memory, and the schema version the file is at. */
export interface MigratedImage {
  readonly db: Database.Database;
  readonly schemaVersion: number;
}

/**
 * Opens `path` read-only (so it never changes the file, even beside a live Shipgate) and checks it: SQLite's
 * `integrity_check` and a schema this build knows (no migration newer than this build's). Returns an in-memory
 * copy of one consistent instant of it, brought to this build's schema as Shipgate itself would migrate the file on
 * start, so an older file is read the same way; the caller closes it. Throws {@link UnusableDatabase} naming the
 * problem.
 */
export function openMigratedImage(path: string): MigratedImage {
  let file: Database.Database | undefined;
  try {
    file = new Database(path, { readonly: true, fileMustExist: true });
    file.pragma('busy_timeout = 5000');
    const problems = (file.pragma('integrity_check') as { integrity_check: string }[]).map(
      (r) => r.integrity_check,
    );
    if (problems.join() !== 'ok')
      throw new UnusableDatabase(
        `${path} fails SQLite's integrity check: ${problems.slice(0, 3).join('; ')}`,
      );
    const schemaVersion = file.pragma('user_version', { simple: true }) as number;
    if (schemaVersion > migrations.length)
      throw new UnusableDatabase(
        `${path} is at schema version ${schemaVersion}, newer than this Shipgate's ${migrations.length}; use the Shipgate that wrote it`,
      );
    const hasEvents = file
      .prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'events'")
      .get();
    if (schemaVersion === 0 || !hasEvents) throw new UnusableDatabase(`${path} is not a Shipgate database`);
    const image = file.serialize();
    // Bytes 18 and 19 of the header say WAL; an in-memory database cannot be in WAL mode, so it is opened as legacy.
    image[18] = 1;
    image[19] = 1;
    const mem = new Database(image);
    try {
      migrate(mem);
    } catch (err) {
      mem.close();
      throw err;
    }
    return { db: mem, schemaVersion };
  } catch (err) {
    if (err instanceof UnusableDatabase) throw err;
    throw new UnusableDatabase(
      `${path} is not a usable SQLite database: ${err instanceof Error ? err.message : String(err)}`,
    );
  } finally {
    file?.close();
  }
}

/**
 * Checks `path` ({@link openMigratedImage}), then counts the deploys, incidents and events and walks the audit
 * chain on the migrated copy. Throws {@link UnusableDatabase} naming the problem.
 */
export async function inspectDatabase(path: string): Promise<DatabaseInspection> {
  const { db: mem, schemaVersion } = openMigratedImage(path);
  try {
    const count = (table: string) =>
      (mem.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    return {
      bytes: statSync(path).size,
      schemaVersion,
      deploys: count('deploys'),
      incidents: count('incidents'),
      events: count('events'),
      audit: await verifyAudit(new AuditRepository(new SqliteRunner(mem))),
    };
  } catch (err) {
    throw new UnusableDatabase(
      `${path} is not a usable SQLite database: ${err instanceof Error ? err.message : String(err)}`,
    );
  } finally {
    mem.close();
  }
}

/** One line saying what a database holds: its size, schema version, counts and the audit verdict. */
export function describeInspection(inspection: DatabaseInspection): string {
  const { audit } = inspection;
  const chain = audit.ok
    ? `audit chain verified (${audit.rows} events, head ${audit.head.hash.slice(0, 12)}…)`
    : `audit chain BROKEN at event ${audit.first.id}: ${audit.first.problem}`;
  return `${formatBytes(inspection.bytes)}, schema version ${inspection.schemaVersion}, ${inspection.deploys} deploys, ${inspection.incidents} incidents, ${inspection.events} events; ${chain}`;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
