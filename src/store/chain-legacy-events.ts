import type Database from 'better-sqlite3';
import { GENESIS_HASH } from '../core/audit/canonical-event.js';
import { eventHash } from './event-hash.js';

interface LegacyRow {
  id: number;
  at: string;
  actor: string;
  actor_kind: string;
  subject: string;
  type: string;
  payload: string;
  hash: string | null;
}

const BATCH = 1000;

const NO_UPDATE =
  "CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END";

/**
 * Migration: puts the events written before the hash chain on it, and starts the chain head. Inside the migration's
 * transaction it lifts the no-update trigger, walks every row in id order (in batches, so a big log never sits in
 * memory), gives each row without a hash its `prev_hash` (the row before's hash, or the genesis value) and `hash`,
 * and puts the trigger back. Then `events_head` records the last id and hash; a trigger moves it on every insert
 * (and refuses to move it back or delete it), so a deleted or re-hashed last event still shows.
 */
export function chainLegacyEvents(db: Database.Database): void {
  db.exec('DROP TRIGGER events_no_update');
  const page = db.prepare<[number, number], LegacyRow>(
    'SELECT id, at, actor, actor_kind, subject, type, payload, hash FROM events WHERE id > ? ORDER BY id LIMIT ?',
  );
  const fill = db.prepare<[string, string, number]>('UPDATE events SET prev_hash = ?, hash = ? WHERE id = ?');
  let prevHash = GENESIS_HASH;
  let lastId = 0;
  for (let rows = page.all(0, BATCH); rows.length > 0; rows = page.all(lastId, BATCH)) {
    for (const row of rows) {
      if (row.hash === null) {
        const hash = eventHash({ ...row, actorKind: row.actor_kind, prevHash });
        fill.run(prevHash, hash, row.id);
        row.hash = hash;
      }
      prevHash = row.hash;
      lastId = row.id;
    }
  }
  db.exec(NO_UPDATE);
  db.exec(`
    CREATE TABLE events_head (
      one INTEGER PRIMARY KEY CHECK (one = 1),
      last_id INTEGER NOT NULL,
      hash TEXT NOT NULL
    );
    CREATE TRIGGER events_move_head AFTER INSERT ON events
      BEGIN UPDATE events_head SET last_id = NEW.id, hash = NEW.hash; END;
    CREATE TRIGGER events_head_forward_only BEFORE UPDATE ON events_head WHEN NEW.last_id <= OLD.last_id
      BEGIN SELECT RAISE(ABORT, 'the events head only moves forward'); END;
    CREATE TRIGGER events_head_no_delete BEFORE DELETE ON events_head
      BEGIN SELECT RAISE(ABORT, 'the events head is never deleted'); END;
  `);
  db.prepare('INSERT INTO events_head (one, last_id, hash) VALUES (1, ?, ?)').run(lastId, prevHash);
}
