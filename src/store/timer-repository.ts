import type { SecretValues } from '../core/text/secret-values.js';
import type { TimerRecord } from '../core/timer-record.js';
import { type Db, storedSecrets } from './database.js';

export type { TimerRecord } from '../core/timer-record.js';

/** A `timers` row with its bookkeeping, for diagnostics and tests. */
export interface StoredTimer extends TimerRecord {
  readonly createdAt: Date;
  readonly claimedBy: string | null;
  readonly claimedUntil: Date | null;
  readonly firedAt: Date | null;
  readonly cancelledAt: Date | null;
  readonly lastError: string | null;
}

/** What `insert` needs; `id` is assigned by SQLite. */
export interface NewTimer {
  readonly kind: string;
  readonly subject: string;
  readonly dueAt: Date;
  readonly payload: Record<string, unknown>;
  readonly createdAt: Date;
}

interface TimerRow {
  id: number;
  kind: string;
  subject: string;
  due_at: number;
  payload: string;
  created_at: number;
  attempts: number;
  claimed_by: string | null;
  claimed_until: number | null;
  fired_at: number | null;
  cancelled_at: number | null;
  last_error: string | null;
}

const PENDING = 'fired_at IS NULL AND cancelled_at IS NULL';

/**
 * Prepared statements over the `timers` table (migration 1; `claimed_at`, when the lease was taken, from migration
 * 8). Times are stored as epoch milliseconds. Every
 * state change after a claim is conditioned on `claimed_by`, so a scheduler whose lease was taken over cannot
 * overwrite the new owner's outcome. Payloads and errors are stored with the database's secret values redacted.
 */
export class TimerRepository {
  private readonly secrets: SecretValues;
  private readonly insertStmt;
  private readonly cancelStmt;
  private readonly cancelForStmt;
  private readonly pendingStmt;
  private readonly pendingForStmt;
  private readonly dueStmt;
  private readonly claimStmt;
  private readonly getStmt;
  private readonly completeStmt;
  private readonly releaseStmt;
  private readonly giveUpStmt;

  constructor(db: Db) {
    this.secrets = storedSecrets(db);
    this.insertStmt = db.prepare(
      'INSERT INTO timers (kind, subject, due_at, payload, created_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.cancelStmt = db.prepare(`UPDATE timers SET cancelled_at = ? WHERE id = ? AND ${PENDING}`);
    this.cancelForStmt = db.prepare(
      `UPDATE timers SET cancelled_at = @at WHERE subject = @subject AND (@kind IS NULL OR kind = @kind) AND ${PENDING}`,
    );
    this.pendingStmt = db.prepare<[], TimerRow>(`SELECT * FROM timers WHERE ${PENDING} ORDER BY due_at, id`);
    this.pendingForStmt = db.prepare<[string], TimerRow>(
      `SELECT * FROM timers WHERE subject = ? AND ${PENDING} ORDER BY due_at, id`,
    );
    this.dueStmt = db.prepare<{ now: number; kinds: string }, TimerRow>(
      `SELECT * FROM timers WHERE ${PENDING} AND due_at <= @now
         AND (claimed_until IS NULL OR claimed_until < @now)
         AND kind IN (SELECT value FROM json_each(@kinds))
       ORDER BY due_at, id`,
    );
    this.claimStmt = db.prepare(
      `UPDATE timers SET claimed_by = @owner, claimed_until = @until, claimed_at = @now
       WHERE id = @id AND ${PENDING} AND due_at <= @now AND (claimed_until IS NULL OR claimed_until < @now)`,
    );
    this.getStmt = db.prepare<[number], TimerRow>('SELECT * FROM timers WHERE id = ?');
    this.completeStmt = db.prepare(
      `UPDATE timers SET fired_at = @at, claimed_until = NULL WHERE id = @id AND claimed_by = @owner AND ${PENDING}`,
    );
    this.releaseStmt = db.prepare(
      `UPDATE timers SET attempts = attempts + 1, last_error = @error, due_at = @dueAt,
         claimed_by = NULL, claimed_until = NULL
       WHERE id = @id AND claimed_by = @owner AND ${PENDING}`,
    );
    this.giveUpStmt = db.prepare(
      `UPDATE timers SET attempts = attempts + 1, last_error = @error, fired_at = @at, claimed_until = NULL
       WHERE id = @id AND claimed_by = @owner AND ${PENDING}`,
    );
  }

  /** Inserts a pending timer and returns its id. Runs inside the caller's transaction, if any. */
  insert(timer: NewTimer): number {
    const result = this.insertStmt.run(
      timer.kind,
      timer.subject,
      timer.dueAt.getTime(),
      this.secrets.json(timer.payload),
      timer.createdAt.getTime(),
    );
    return Number(result.lastInsertRowid);
  }

  /** Cancels one pending timer; false if it does not exist, already fired or was already cancelled. */
  cancel(id: number, at: Date): boolean {
    return this.cancelStmt.run(at.getTime(), id).changes === 1;
  }

  /** Cancels every pending timer about `subject` (only those of `kind` if given); returns how many. */
  cancelFor(subject: string, kind: string | undefined, at: Date): number {
    return this.cancelForStmt.run({ at: at.getTime(), subject, kind: kind ?? null }).changes;
  }

  /** Timers not yet fired nor cancelled (including ones being run right now), soonest first. */
  listPending(subject?: string): StoredTimer[] {
    const rows = subject === undefined ? this.pendingStmt.all() : this.pendingForStmt.all(subject);
    return rows.map(toStored);
  }

  /** Pending timers of the given kinds due at `now` and not held by a live lease, in due order. */
  findDue(now: Date, kinds: readonly string[]): StoredTimer[] {
    return this.dueStmt.all({ now: now.getTime(), kinds: JSON.stringify(kinds) }).map(toStored);
  }

  /**
   * Takes a lease on a due timer until `until`. True only for the one caller whose UPDATE changed the row: the
   * row must still be pending, due, and unclaimed or held by a lease that ran out before `now`.
   */
  claim(id: number, owner: string, now: Date, until: Date): boolean {
    return this.claimStmt.run({ id, owner, now: now.getTime(), until: until.getTime() }).changes === 1;
  }

  /** One timer by id, whatever its state. */
  get(id: number): StoredTimer | undefined {
    const row = this.getStmt.get(id);
    return row === undefined ? undefined : toStored(row);
  }

  /** Marks a claimed timer fired. False if `owner` no longer holds it. */
  complete(id: number, owner: string, at: Date): boolean {
    return this.completeStmt.run({ id, owner, at: at.getTime() }).changes === 1;
  }

  /** Records a failed run and makes the timer due again at `dueAt`, unclaimed. False if `owner` lost it. */
  release(id: number, owner: string, dueAt: Date, error: string): boolean {
    const kept = this.secrets.redact(error);
    return this.releaseStmt.run({ id, owner, dueAt: dueAt.getTime(), error: kept }).changes === 1;
  }

  /** Records a final failed run: the timer is marked fired with the error kept. False if `owner` lost it. */
  giveUp(id: number, owner: string, at: Date, error: string): boolean {
    return (
      this.giveUpStmt.run({ id, owner, at: at.getTime(), error: this.secrets.redact(error) }).changes === 1
    );
  }
}

/** Narrows a stored timer to what handlers receive. */
export function toRecord(timer: StoredTimer): TimerRecord {
  const { id, kind, subject, dueAt, payload, attempts, createdAt } = timer;
  return { id, kind, subject, dueAt, payload, attempts, createdAt };
}

/** The columns of a `timers` row that a handler's {@link TimerRecord} is made of. */
export type TimerRecordRow = Pick<
  TimerRow,
  'id' | 'kind' | 'subject' | 'due_at' | 'payload' | 'attempts' | 'created_at'
>;

/** A row's handler-facing fields as a {@link TimerRecord} (payload parsed, due time as a Date). */
export function recordOfRow(row: TimerRecordRow): TimerRecord {
  return {
    id: row.id,
    kind: row.kind,
    subject: row.subject,
    dueAt: new Date(row.due_at),
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    attempts: row.attempts,
    createdAt: new Date(row.created_at),
  };
}

function toStored(row: TimerRow): StoredTimer {
  const date = (ms: number | null) => (ms === null ? null : new Date(ms));
  return {
    ...recordOfRow(row),
    claimedBy: row.claimed_by,
    claimedUntil: date(row.claimed_until),
    firedAt: date(row.fired_at),
    cancelledAt: date(row.cancelled_at),
    lastError: row.last_error,
  };
}
