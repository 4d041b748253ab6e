import { type ConnectionGate, gateOf } from './connection-gate.js';
import type { Db } from './database.js';

/**
 * How far behind the newest request's timestamp a signature is kept, in seconds. Slack's timestamps are accepted
 * within 5 minutes of now either way, so a request stamped `t` proves now ≤ t + 300; a signature stamped before
 * t − 600 is then more than 5 minutes old, and a replay of it is refused as stale without looking it up.
 */
const KEEP_BEHIND_SEC = 2 * 5 * 60;

/** Old signatures are deleted once every this many inserts (one range delete on the primary key). */
const PURGE_EVERY = 1000;

interface Pending {
  readonly signature: Buffer;
  readonly timestampSec: number;
  readonly resolve: (fresh: boolean) => void;
  readonly reject: (err: unknown) => void;
}

/**
 * Remembers the signature of every Slack request taken in (`X-Slack-Signature`, 32 bytes, with its
 * `X-Slack-Request-Timestamp`) in SQLite, so a captured request replayed inside the 5-minute window is recognised
 * also after a restart, and by another Shipgate process on the same file. Each signature is one insert-or-ignore on
 * the `(timestamp, signature)` primary key; the signatures presented in the same turn of the event loop are written
 * in one transaction (one commit instead of one per request), and each caller learns whether its own insert took.
 * No clock is needed: signatures are forgotten by the timestamps of the requests themselves.
 */
export class SignatureLedger {
  private readonly insert;
  private readonly purge;
  private readonly insertAll;
  private inserts = 0;
  private pending: Pending[] = [];
  private readonly gate: ConnectionGate;

  constructor(db: Db) {
    this.gate = gateOf(db);
    this.insert = db.prepare(
      'INSERT OR IGNORE INTO slack_request_signatures (timestamp, signature) VALUES (?, ?)',
    );
    this.purge = db.prepare('DELETE FROM slack_request_signatures WHERE timestamp < ?');
    this.insertAll = db.transaction((batch: readonly Pending[]) =>
      batch.map((p) => this.insertOne(p.signature, p.timestampSec)),
    );
  }

  /**
   * Resolves true the first time this signature is presented, false for every replay of it; rejects when the
   * database cannot be written, so nothing is taken in unchecked.
   */
  firstSeen(signature: Buffer, timestampSec: number): Promise<boolean> {
    return new Promise((resolve, reject) => {
      if (this.pending.length === 0) setImmediate(() => this.flush());
      this.pending.push({ signature, timestampSec, resolve, reject });
    });
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    this.gate
      .run(() => this.insertAll(batch))
      .then(
        (fresh) => {
          for (const [i, p] of batch.entries()) p.resolve(fresh[i] === true);
        },
        (err: unknown) => {
          for (const p of batch) p.reject(err);
        },
      );
  }

  private insertOne(signature: Buffer, timestampSec: number): boolean {
    const fresh = this.insert.run(timestampSec, signature).changes === 1;
    if (fresh && ++this.inserts % PURGE_EVERY === 0) this.purge.run(timestampSec - KEEP_BEHIND_SEC);
    return fresh;
  }
}
