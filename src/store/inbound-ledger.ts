import type { Db } from './database.js';

/** How long a request key is remembered; Slack's last retry comes about 5 minutes after the first attempt. */
const KEEP_MS = 60 * 60 * 1000;

/**
 * Remembers which Slack requests were already taken in (by event id, trigger id…), in SQLite so a retry that
 * arrives after a restart is still recognised. `firstSeen` is an atomic insert-or-ignore.
 */
export class InboundLedger {
  private readonly insert;
  private readonly purge;
  private inserts = 0;

  constructor(db: Db) {
    this.insert = db.prepare('INSERT OR IGNORE INTO inbound_requests (key, received_at) VALUES (?, ?)');
    this.purge = db.prepare('DELETE FROM inbound_requests WHERE received_at < ?');
  }

  /** True the first time `key` is seen, false for every repeat. Old keys are purged as it goes. */
  firstSeen(key: string, now: Date): boolean {
    const fresh = this.insert.run(key, now.getTime()).changes === 1;
    if (fresh && ++this.inserts % 1000 === 0) this.purge.run(now.getTime() - KEEP_MS);
    return fresh;
  }
}
