import type { SqlRunner } from './sql/sql-runner.js';
import { defineStatement, statementShapes } from './sql/statement.js';

/**
 * How far behind the newest request's timestamp a signature is kept, in seconds. Slack's timestamps are accepted
 * within 5 minutes of now either way, so a request stamped `t` proves now ≤ t + 300; a signature stamped before
 * t − 600 is then more than 5 minutes old, and a replay of it is refused as stale without looking it up.
 */
const KEEP_BEHIND_SEC = 2 * 5 * 60;

/** Old signatures are deleted once every this many signatures presented (one range delete on the primary key). */
const PURGE_EVERY = 1000;

/** The row counts of the insert statements: a batch is written in pieces of these sizes, largest first. */
const PIECES = [64, 32, 16, 8, 4, 2, 1] as const;

/** One signature, unless already there: the usual batch (one request per turn), told apart by the changed-row count. */
const insertOne = defineStatement((db, p) =>
  db
    .insertInto('slack_request_signatures')
    .values({ timestamp: p('t0'), signature: p('s0') })
    .onConflict((oc) => oc.columns(['timestamp', 'signature']).doNothing()),
);
/** Inserts `rows` signatures, skipping those already there, and returns the ones it stored. */
const insertRows = statementShapes((rows: number) =>
  defineStatement((db, p) =>
    db
      .insertInto('slack_request_signatures')
      .values(Array.from({ length: rows }, (_, i) => ({ timestamp: p(`t${i}`), signature: p(`s${i}`) })))
      .onConflict((oc) => oc.columns(['timestamp', 'signature']).doNothing())
      .returning(['timestamp', 'signature']),
  ),
);
const purge = defineStatement((db, p) =>
  db.deleteFrom('slack_request_signatures').where('timestamp', '<', p('before')),
);

interface Pending {
  readonly signature: Buffer;
  readonly timestampSec: number;
  readonly resolve: (fresh: boolean) => void;
  readonly reject: (err: unknown) => void;
}

const keyOf = (timestampSec: number, signature: Buffer) => `${timestampSec}:${signature.toString('hex')}`;

/** `batch` cut into pieces whose lengths are in {@link PIECES}, in order. */
function pieces<T>(batch: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < batch.length; ) {
    const size = PIECES.find((n) => n <= batch.length - start) ?? 1;
    out.push(batch.slice(start, start + size));
    start += size;
  }
  return out;
}

/**
 * Remembers the signature of every Slack request taken in (`X-Slack-Signature`, 32 bytes, with its
 * `X-Slack-Request-Timestamp`) in the database, so a captured request replayed inside the 5-minute window is
 * recognised also after a restart, and by another Shipgate process or replica on the same store. The signatures
 * presented in the same turn of the event loop are written together: one insert-or-ignore statement on the
 * `(timestamp, signature)` primary key that returns the rows it stored (a large batch in a few such statements in
 * one transaction), so a lone request costs one statement, and each caller learns whether its own insert took. No
 * clock is needed: signatures are forgotten by the timestamps of the requests themselves.
 */
export class SignatureLedger {
  private presented = 0;
  private pending: Pending[] = [];

  constructor(private readonly runner: SqlRunner) {}

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
    this.insertAll(batch).then(
      (fresh) => {
        for (const [i, p] of batch.entries()) p.resolve(fresh[i] === true);
      },
      (err: unknown) => {
        for (const p of batch) p.reject(err);
      },
    );
  }

  /**
   * Whether each of `batch` was stored (the first of two equal ones is; the second is not). A lone piece is one
   * statement; several, or one with the purge that falls due every {@link PURGE_EVERY} signatures, one transaction.
   */
  private async insertAll(batch: readonly Pending[]): Promise<boolean[]> {
    const parts = pieces(batch);
    const purgeDue =
      Math.floor(this.presented / PURGE_EVERY) !== Math.floor((this.presented + batch.length) / PURGE_EVERY);
    this.presented += batch.length;
    const write = async () => {
      const fresh: boolean[] = [];
      for (const part of parts) fresh.push(...(await this.insertPart(part)));
      if (purgeDue) {
        const newest = Math.max(...batch.map((p) => p.timestampSec));
        await this.runner.run(purge, { before: newest - KEEP_BEHIND_SEC });
      }
      return fresh;
    };
    return parts.length === 1 && !purgeDue ? await write() : await this.runner.transaction(write);
  }

  private async insertPart(part: readonly Pending[]): Promise<boolean[]> {
    const [only] = part;
    if (only && part.length === 1)
      return [(await this.runner.run(insertOne, { t0: only.timestampSec, s0: only.signature })) === 1];
    const args: Record<string, unknown> = {};
    for (const [i, p] of part.entries()) {
      args[`t${i}`] = p.timestampSec;
      args[`s${i}`] = p.signature;
    }
    const stored = await this.runner.all<{ timestamp: number | string; signature: Buffer }>(
      insertRows(part.length),
      args,
    );
    const unclaimed = new Set(stored.map((row) => keyOf(Number(row.timestamp), row.signature)));
    return part.map((p) => unclaimed.delete(keyOf(p.timestampSec, p.signature)));
  }
}
