import type { Db } from './database.js';
import {
  recordOfRow,
  type TimerRecord,
  type TimerRecordRow,
  type TimerRepository,
} from './timer-repository.js';

/** Pending: neither fired nor cancelled (the condition of the `timers_pending` partial index). */
const PENDING = 'fired_at IS NULL AND cancelled_at IS NULL';
/** Not held by a live lease at `@now`. */
const UNCLAIMED = '(claimed_until IS NULL OR claimed_until < @now)';
const OF_KINDS = 'kind IN (SELECT value FROM json_each(@kinds))';
const IN_IDS = 'id IN (SELECT value FROM json_each(@ids))';
const RECORD = 'RETURNING id, kind, subject, due_at, payload, attempts';

type RecordRow = TimerRecordRow;

/** A timer whose handler succeeded, and when. */
export interface Done {
  readonly id: number;
  readonly at: number;
}

/** Timers a scheduler now holds: what their handlers receive, soonest first, and until when the lease lasts. */
export interface Claimed {
  readonly timers: TimerRecord[];
  readonly until: number;
}

/**
 * The scheduler's own statements over `timers` (beside {@link TimerRepository}'s): claiming due timers, several
 * with one conditional UPDATE; renewing a lease; marking several fired in one transaction; and when the next
 * claimable timer comes due, read from the `timers_pending (due_at)` index so it stays cheap however many timers are
 * armed. Times are epoch ms; `kinds` is the JSON array of kinds with a handler.
 */
export class TimerClaims {
  private readonly dueStmt;
  private readonly claimStmt;
  private readonly renewStmt;
  private readonly nextStmt;
  private readonly completeStmt;
  private readonly completeAllTx;

  constructor(private readonly db: Db) {
    this.dueStmt = db
      .prepare<{ now: number; kinds: string; limit: number }, number>(
        `SELECT id FROM timers WHERE ${PENDING} AND due_at <= @now AND ${UNCLAIMED} AND ${OF_KINDS}
         ORDER BY due_at, id LIMIT @limit`,
      )
      .pluck();
    this.claimStmt = db.prepare<{ ids: string; owner: string; now: number; until: number }, RecordRow>(
      `UPDATE timers SET claimed_by = @owner, claimed_until = @until
       WHERE ${IN_IDS} AND ${PENDING} AND due_at <= @now AND ${UNCLAIMED} ${RECORD}`,
    );
    this.renewStmt = db.prepare<{ ids: string; owner: string; held: number; until: number }, RecordRow>(
      `UPDATE timers SET claimed_until = @until
       WHERE ${IN_IDS} AND claimed_by = @owner AND claimed_until = @held AND ${PENDING} ${RECORD}`,
    );
    this.nextStmt = db
      .prepare<{ now: number; kinds: string }, number>(
        `SELECT due_at FROM timers WHERE ${PENDING} AND ${UNCLAIMED} AND ${OF_KINDS} ORDER BY due_at LIMIT 1`,
      )
      .pluck();
    this.completeStmt = db.prepare<{ id: number; owner: string; at: number }>(
      `UPDATE timers SET fired_at = @at, claimed_until = NULL WHERE id = @id AND claimed_by = @owner AND ${PENDING}`,
    );
    this.completeAllTx = db.transaction((done: readonly Done[], owner: string) => {
      for (const { id, at } of done) this.completeStmt.run({ id, owner, at });
    });
  }

  /** Marks fired, in one transaction, the timers `owner` ran successfully and still holds. */
  completeAll(done: readonly Done[], owner: string): void {
    this.completeAllTx(done, owner);
  }

  /** True while the connection is inside a transaction (the caller's, which may yet roll back). */
  get inTransaction(): boolean {
    return this.db.inTransaction;
  }

  /**
   * Leases to `owner`, until `now + leaseMs`, the `limit` soonest timers of `kinds` that are pending, due at `now`
   * and unclaimed (or whose lease ran out): reads their ids, then claims them with one conditional UPDATE, so of
   * several schedulers on the same file only the one whose UPDATE changed a row gets it (a timer another scheduler
   * took in between is simply not returned). `found` is how many were due, claimed or not.
   */
  claimDue(
    now: number,
    kinds: string,
    owner: string,
    leaseMs: number,
    limit: number,
  ): Claimed & { found: number } {
    const until = now + leaseMs;
    const ids = this.dueStmt.all({ now, kinds, limit });
    if (ids.length === 0) return { timers: [], until, found: 0 };
    const rows = this.claimStmt.all({ ids: JSON.stringify(ids), owner, now, until });
    return { timers: records(rows), until, found: ids.length };
  }

  /** Extends `owner`'s lease on those of `ids` it still holds (lease `held`) to `now + leaseMs`. */
  renew(ids: readonly number[], owner: string, held: number, now: number, leaseMs: number): Claimed {
    const until = now + leaseMs;
    return {
      timers: records(this.renewStmt.all({ ids: JSON.stringify(ids), owner, held, until })),
      until,
    };
  }

  /** When the soonest pending timer of `kinds` not held by a live lease is due; undefined when there is none. */
  nextDueAt(now: number, kinds: string): number | undefined {
    return this.nextStmt.get({ now, kinds });
  }
}

function records(rows: RecordRow[]): TimerRecord[] {
  return rows.sort((a, b) => a.due_at - b.due_at || a.id - b.id).map(recordOfRow);
}
