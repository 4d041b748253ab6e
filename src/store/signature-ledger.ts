import type { Db } from './database.js';

/**
 * How far behind the newest request's timestamp a signature is kept, in seconds. Slack's timestamps are accepted
 * within 5 minutes of now either way, so a request stamped `t` proves now ≤ t + 300; a signature stamped before
 * t − 600 is then more than 5 minutes old, and a replay of it is refused as stale without looking it up.
 */
const KEEP_BEHIND_SEC = 2 * 5 * 60;

/** Old signatures are deleted once every this many inserts (one range delete on the primary key). */
const PURGE_EVERY = 1000;

/**
 * Remembers the signature of every Slack request taken in (`X-Slack-Signature`, 32 bytes, with its
 * `X-Slack-Request-Timestamp`), in SQLite, so a captured request replayed inside the 5-minute window is recognised
 * also after a restart. `firstSeen` is one insert-or-ignore on the `(timestamp, signature)` primary key; it needs no
 * clock, as signatures are forgotten by the timestamps of the requests themselves.
 */
export class SignatureLedger {
  private readonly insert;
  private readonly purge;
  private inserts = 0;

  constructor(db: Db) {
    this.insert = db.prepare(
      'INSERT OR IGNORE INTO slack_request_signatures (timestamp, signature) VALUES (?, ?)',
    );
    this.purge = db.prepare('DELETE FROM slack_request_signatures WHERE timestamp < ?');
  }

  /** True the first time this signature is presented, false for every replay of it. */
  firstSeen(signature: Buffer, timestampSec: number): boolean {
    const fresh = this.insert.run(timestampSec, signature).changes === 1;
    if (fresh && ++this.inserts % PURGE_EVERY === 0) this.purge.run(timestampSec - KEEP_BEHIND_SEC);
    return fresh;
  }
}
