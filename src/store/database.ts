import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { SecretValues } from '../core/text/secret-values.js';
import { migrations } from './migrations.js';

/** The open SQLite handle every repository shares. */
export type Db = Database.Database;

/** The secret values each open database keeps out of its rows. */
const secretsByDb = new WeakMap<Db, SecretValues>();

/**
 * Opens (creating if needed) the SQLite file at `path` in WAL mode and applies pending migrations inside one
 * transaction each, so a crash never leaves a half-migrated schema. With `secrets`, every repository over this
 * handle redacts those values from the text it writes (see {@link storedSecrets}).
 */
export function openDatabase(path: string, options: { secrets?: SecretValues } = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  if (options.secrets) secretsByDb.set(db, options.secrets);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

/**
 * The secret values never to be written to `db`: each repository redacts them from event payloads, free text and
 * JSON columns on the way in, so the database file never holds a token an upstream echoed.
 */
export function storedSecrets(db: Db): SecretValues {
  return secretsByDb.get(db) ?? SecretValues.none;
}

/** Applies every migration newer than the database's `user_version`, each (SQL or function) in its own transaction. */
export function migrate(db: Db): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let version = current; version < migrations.length; version++) {
    const step = migrations[version];
    if (step === undefined) break;
    db.transaction(() => {
      if (typeof step === 'string') db.exec(step);
      else step(db);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
  return db.pragma('user_version', { simple: true }) as number;
}
