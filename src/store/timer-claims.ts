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
/** Not about a subject the scheduler is busy with (one of its timers runs or waits its turn). */
const NOT_BUSY = 'subject NOT IN (SELECT value FROM json_each(@busy))';
const IN_IDS = 'id IN (SELECT value FROM json_each(@ids))';
const RECORD = 'RETURNING id, kind, subject, due_at, payload, attempts, created_at';

type RecordRow = TimerRecordRow;

/** A timer whose handler succeeded, and when. */
export interface Done {
  readonly id: number;
  readonly at: number;
}

/** A lease released at start-up: the timer and who held it. */
export interface AdoptedLease {
  readonly id: number;
  readonly owner: string;
}

/** How many timers are due and not held by a live lease, and since when the oldest of them is due. */
export interface Backlog {
  readonly due: number;
  readonly oldestDueAt: number | undefined;
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
 * armed; releasing, at start-up, the leases of processes that are gone; and the backlog. Times are epoch ms; `kinds`
 * is the JSON array of kinds to claim, `busy` the JSON array of subjects to leave alone (the scheduler already runs
 * one of their timers, and a subject's timers run one at a time).
 */
export class TimerClaims {
  private readonly dueStmts;
  private readonly claimStmt;
  private readonly renewStmt;
  private readonly nextStmts;
  private readonly completeStmt;
  private readonly completeAllTx;
  private readonly adoptTx;
  private readonly backlogStmt;

  constructor(private readonly db: Db) {
    this.dueStmts = [OF_KINDS, `${OF_KINDS} AND ${NOT_BUSY}`].map((filter) =>
      db
        .prepare<{ now: number; kinds: string; busy?: string; limit: number }, number>(
          `SELECT id FROM timers WHERE ${PENDING} AND due_at <= @now AND ${UNCLAIMED} AND ${filter}
           ORDER BY due_at, id LIMIT @limit`,
        )
        .pluck(),
    );
    this.claimStmt = db.prepare<{ ids: string; owner: string; now: number; until: number }, RecordRow>(
      `UPDATE timers SET claimed_by = @owner, claimed_until = @until, claimed_at = @now
       WHERE ${IN_IDS} AND ${PENDING} AND due_at <= @now AND ${UNCLAIMED} ${RECORD}`,
    );
    this.renewStmt = db.prepare<{ ids: string; owner: string; held: number; until: number }, RecordRow>(
      `UPDATE timers SET claimed_until = @until
       WHERE ${IN_IDS} AND claimed_by = @owner AND claimed_until = @held AND ${PENDING} ${RECORD}`,
    );
    this.nextStmts = [OF_KINDS, `${OF_KINDS} AND ${NOT_BUSY}`].map((filter) =>
      db
        .prepare<{ now: number; kinds: string; busy?: string }, number>(
          `SELECT due_at FROM timers WHERE ${PENDING} AND ${UNCLAIMED} AND ${filter} ORDER BY due_at LIMIT 1`,
        )
        .pluck(),
    );
    const staleStmt = db.prepare<{ owner: string; startedAt: number }, AdoptedLease>(
      `SELECT id, claimed_by AS owner FROM timers
       WHERE ${PENDING} AND claimed_until IS NOT NULL AND claimed_by IS NOT @owner
         AND (claimed_at IS NULL OR claimed_at < @startedAt)
       ORDER BY id`,
    );
    const releaseStmt = db.prepare<{ id: number; owner: string }>(
      `UPDATE timers SET last_error = 'lease of ' || claimed_by || ' taken over at restart',
         claimed_by = NULL, claimed_until = NULL, claimed_at = NULL
       WHERE id = @id AND claimed_by = @owner AND ${PENDING}`,
    );
    this.adoptTx = db.transaction((owner: string, startedAt: number) => {
      const stale = staleStmt.all({ owner, startedAt });
      for (const lease of stale) releaseStmt.run(lease);
      return stale;
    });
    this.backlogStmt = db.prepare<{ now: number; kinds: string }, { due: number; oldest: number | null }>(
      `SELECT count(*) AS due, min(due_at) AS oldest FROM timers
       WHERE ${PENDING} AND due_at <= @now AND ${UNCLAIMED} AND ${OF_KINDS}`,
    );
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
    filter: { readonly kinds: string; readonly busy: string },
    owner: string,
    leaseMs: number,
    limit: number,
  ): Claimed & { found: number } {
    const until = now + leaseMs;
    const ids = this.pick(this.dueStmts, filter.busy).all({ now, ...byFilter(filter), limit });
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

  /**
   * When the soonest pending timer of `kinds`, not about a `busy` subject and not held by a live lease, is due;
   * undefined when there is none.
   */
  nextDueAt(now: number, filter: { readonly kinds: string; readonly busy: string }): number | undefined {
    return this.pick(this.nextStmts, filter.busy).get({ now, ...byFilter(filter) });
  }

  /** The statement without the busy-subject condition when no subject is busy (the common case, and cheaper). */
  private pick<T>(statements: readonly T[], busy: string): T {
    return statements[busy === '[]' ? 0 : 1] as T;
  }

  /**
   * Releases every lease on a pending timer that an owner other than `owner` took before `startedAt` (or before
   * leases recorded when they were taken), noting `lease of <owner> taken over at restart` as the timer's last
   * error; returns them. SQLite has one writer, so a process starting on the file stands in for every process
   * that held a lease before it started: their timers become claimable at once instead of when the lease runs out.
   */
  adoptStale(owner: string, startedAt: number): AdoptedLease[] {
    return this.adoptTx.immediate(owner, startedAt);
  }

  /** The due timers of `kinds` no live lease holds: how many, and the oldest due time. */
  backlog(now: number, kinds: string): Backlog {
    const row = this.backlogStmt.get({ now, kinds });
    return { due: row?.due ?? 0, oldestDueAt: row?.oldest ?? undefined };
  }
}

/** The statement parameters of a filter: `busy` only when there is a subject to leave out. */
function byFilter(filter: { readonly kinds: string; readonly busy: string }): {
  kinds: string;
  busy?: string;
} {
  return filter.busy === '[]' ? { kinds: filter.kinds } : { kinds: filter.kinds, busy: filter.busy };
}

function records(rows: RecordRow[]): TimerRecord[] {
  return rows.sort((a, b) => a.due_at - b.due_at || a.id - b.id).map(recordOfRow);
}
