import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { runtimeEnvSchema } from '../runtime-env.js';
import { migrations } from '../store/migrations.js';

/** The SQLite file a CLI command reads: `--db`, else `SHIPGATE_DB`, else `data/shipgate.db`, from `cwd`. */
export function databasePath(db: string | undefined, env: NodeJS.ProcessEnv, cwd: string): string {
  return resolve(cwd, db ?? runtimeEnvSchema.shape.SHIPGATE_DB.parse(env.SHIPGATE_DB?.trim() || undefined));
}

/**
 * Opens the SQLite file read-only, so a generator can run beside a live Shipgate and never changes it; undefined when
 * there is no such file or it is not migrated to the current schema yet (then there is no history to read).
 */
export function openReadOnlyDatabase(path: string): Database.Database | undefined {
  if (!existsSync(path)) return undefined;
  const db = new Database(path, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  if ((db.pragma('user_version', { simple: true }) as number) < migrations.length) {
    db.close();
    return undefined;
  }
  return db;
}
