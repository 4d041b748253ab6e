import Database from 'better-sqlite3';

/** The outcome of trying to take a database for oneself: held, in use by another connection, or not a database. */
export type DatabaseLock =
  | { readonly kind: 'locked'; readonly db: Database.Database }
  | { readonly kind: 'in-use' }
  | { readonly kind: 'unreadable'; readonly reason: string };

/**
 * Takes SQLite's exclusive lock on `path` and keeps it until the handle is closed: `in-use` when any other
 * connection has the file open — a running Shipgate (every open WAL connection holds a shared lock for as long as
 * it is open, idle or not), the sandbox, a CLI reading it — on this host. Nothing is waited for (busy timeout 0).
 * While held, a Shipgate that starts cannot open the file. The lock lives as long as `db`; close it when done.
 */
export function lockDatabase(path: string): DatabaseLock {
  let db: Database.Database;
  try {
    db = new Database(path, { fileMustExist: true });
  } catch (err) {
    return { kind: 'unreadable', reason: err instanceof Error ? err.message : String(err) };
  }
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
    return { kind: 'locked', db };
  } catch (err) {
    db.close();
    if ((err as { code?: string }).code === 'SQLITE_BUSY') return { kind: 'in-use' };
    return { kind: 'unreadable', reason: err instanceof Error ? err.message : String(err) };
  }
}
