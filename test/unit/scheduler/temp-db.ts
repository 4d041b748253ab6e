import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Db, openDatabase } from '../../../src/store/database.js';
import { SqliteRunner } from '../../../src/store/sql/sqlite-runner.js';

/**
 * A real SQLite file in a fresh temp dir; `open()` adds another connection to the same file, `openRunner()` a
 * runner on another connection. `runner` runs on `db`.
 */
export interface TempDb {
  readonly path: string;
  readonly db: Db;
  readonly runner: SqliteRunner;
  open(): Db;
  openRunner(): SqliteRunner;
  cleanup(): void;
}

/** Creates a temp database file; call `cleanup()` after the test to close every connection and remove it. */
export function createTempDb(): TempDb {
  const dir = mkdtempSync(join(tmpdir(), 'shipgate-timers-'));
  const path = join(dir, 'shipgate.db');
  const handles: Db[] = [];
  const open = () => {
    const db = openDatabase(path);
    handles.push(db);
    return db;
  };
  const db = open();
  return {
    path,
    db,
    runner: new SqliteRunner(db),
    open,
    openRunner: () => new SqliteRunner(open()),
    cleanup() {
      for (const handle of handles) if (handle.open) handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A promise with its resolve exposed, to hold a handler open for as long as a test needs. */
export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
