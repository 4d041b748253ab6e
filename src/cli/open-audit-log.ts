import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { runtimeEnvSchema } from '../runtime-env.js';
import type { AuditLog } from '../services/ports/audit-log.js';
import { AuditRepository } from '../store/audit-repository.js';
import { migrations } from '../store/migrations.js';
import { SqliteRunner } from '../store/sql/sqlite-runner.js';

/** What `shipgate audit` prints and exits with: 0 done (or the log verifies), 1 it does not, 2 bad input or no DB. */
export interface AuditCliResult {
  readonly exitCode: 0 | 1 | 2;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Opens the SQLite file (`db`, else `SHIPGATE_DB`, else `data/shipgate.db`) read-only, so the audit can run beside a
 * live Shipgate and never changes the file, and runs `work` over its audit log. A missing, unreadable or
 * not-yet-migrated file is exit 2 with the reason.
 */
export async function withAuditLog(
  db: string | undefined,
  env: NodeJS.ProcessEnv,
  work: (log: AuditLog) => Promise<AuditCliResult>,
): Promise<AuditCliResult> {
  const path = resolve(db ?? runtimeEnvSchema.shape.SHIPGATE_DB.parse(env.SHIPGATE_DB?.trim() || undefined));
  const bad = (reason: string): AuditCliResult => ({
    exitCode: 2,
    stdout: '',
    stderr: `shipgate audit: ${reason}\n`,
  });
  if (!existsSync(path)) return bad(`no Shipgate database at ${path} (set --db or SHIPGATE_DB)`);
  let handle: Database.Database | undefined;
  try {
    handle = new Database(path, { readonly: true, fileMustExist: true });
    handle.pragma('busy_timeout = 5000');
    const version = handle.pragma('user_version', { simple: true }) as number;
    if (version < migrations.length)
      return bad(
        `${path} is at schema version ${version} of ${migrations.length}; start Shipgate once to migrate it`,
      );
    return await work(new AuditRepository(new SqliteRunner(handle)));
  } catch (err) {
    return bad(`cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    handle?.close();
  }
}
