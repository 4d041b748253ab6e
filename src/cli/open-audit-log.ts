import type { AuditLog } from '../services/ports/audit-log.js';
import { AuditRepository } from '../store/audit-repository.js';
import { openCliStore } from './open-cli-store.js';

/** What `shipgate audit` prints and exits with: 0 done (or the log verifies), 1 it does not, 2 bad input or no DB. */
export interface AuditCliResult {
  readonly exitCode: 0 | 1 | 2;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Opens the store read-only (`db`, a SQLite file, else PostgreSQL when `SHIPGATE_DATABASE_URL` is set, else
 * `SHIPGATE_DB` or `data/shipgate.db`; see {@link openCliStore}), so the audit can run beside a live Shipgate and
 * never changes it, and runs `work` over its audit log in one consistent snapshot. A missing, unreadable or
 * not-yet-migrated store is exit 2 with the reason.
 */
export async function withAuditLog(
  db: string | undefined,
  env: NodeJS.ProcessEnv,
  work: (log: AuditLog) => Promise<AuditCliResult>,
): Promise<AuditCliResult> {
  const bad = (reason: string): AuditCliResult => ({
    exitCode: 2,
    stdout: '',
    stderr: `shipgate audit: ${reason}\n`,
  });
  const opening = await openCliStore({ db, env }, 'read');
  if (!opening.ok) return bad(opening.reason);
  const { store } = opening;
  try {
    return await store.read((runner) => work(new AuditRepository(runner)));
  } catch (err) {
    return bad(`cannot read ${store.location}: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    await store.close();
  }
}
