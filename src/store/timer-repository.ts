import type { TimerRecord } from '../core/timer-record.js';
import {
  type ExpressionBuilder,
  type Kysely,
  type Selectable,
  sql,
  type UpdateObject,
} from './sql/kysely.js';
import type { ShipgateTables } from './sql/shipgate-tables.js';
import type { SqlRunner } from './sql/sql-runner.js';
import { defineStatement, type Placeholders, statementShapes } from './sql/statement.js';

export type { TimerRecord } from '../core/timer-record.js';

/** A `timers` row with its bookkeeping, for diagnostics and tests. */
export interface StoredTimer extends TimerRecord {
  readonly createdAt: Date;
  readonly claimedBy: string | null;
  readonly claimedUntil: Date | null;
  readonly firedAt: Date | null;
  readonly cancelledAt: Date | null;
  readonly lastError: string | null;
  /** The fencing token of the latest claim (0 before the first). */
  readonly leaseToken: number;
}

/** What `insert` needs; `id` is assigned by the store. */
export interface NewTimer {
  readonly kind: string;
  readonly subject: string;
  readonly dueAt: Date;
  readonly payload: Record<string, unknown>;
  readonly createdAt: Date;
}

/** A claim on one timer as its holder knows it: who holds it and the token the claim was given. */
export interface Lease {
  readonly owner: string;
  readonly token: number;
}

/** The channel `arm` notifies on PostgreSQL (payload: the due time, epoch ms), and every scheduler listens on. */
export const TIMERS_ARMED_CHANNEL = 'shipgate_timers';

/** A `timers` row as both stores return it. */
export type TimerRow = Selectable<ShipgateTables['timers']>;

type TimersBuilder = ExpressionBuilder<ShipgateTables, 'timers'>;

/** SQL NULL in a SET (a plain `null` would be a literal value, which statements refuse). */
export const NULL = sql<null>`NULL`;

/** Pending: neither fired nor cancelled (the condition of the `timers_pending` partial index). */
export const pending = (eb: TimersBuilder) =>
  eb.and([eb('fired_at', 'is', null), eb('cancelled_at', 'is', null)]);

/** The claim named by `owner` and `token` still holds the (pending) row. */
const heldBy = (eb: TimersBuilder, p: (name: string) => never) =>
  eb.and([eb('claimed_by', '=', p('owner')), eb('lease_token', '=', p('token')), pending(eb)]);

const insert = defineStatement((db, p) =>
  db
    .insertInto('timers')
    .values({
      kind: p('kind'),
      subject: p('subject'),
      due_at: p('dueAt'),
      payload: p('payload'),
      created_at: p('createdAt'),
    })
    .returning('id'),
);
/** PostgreSQL only: the insert, and a NOTIFY to every scheduler (delivered when the transaction commits). */
const insertAndNotify = defineStatement((db, p) =>
  db
    .with('armed', (qb) =>
      qb
        .insertInto('timers')
        .values({
          kind: p('kind'),
          subject: p('subject'),
          due_at: p('dueAt'),
          payload: p('payload'),
          created_at: p('createdAt'),
        })
        .returning(['id', 'due_at']),
    )
    .selectFrom('armed')
    .select([
      'armed.id',
      sql<string>`pg_notify(${sql.lit(TIMERS_ARMED_CHANNEL)}, armed.due_at::text)`.as('notified'),
    ]),
);
/**
 * The insert, made only while the claim of `owner` with fencing token `token` on the pending timer `held` lasts at
 * `now` (one statement, so a claim lost in between cannot slip through). The values are cast, since PostgreSQL
 * cannot tell the types of parameters in a select list.
 */
const insertWhileHeld = (db: Kysely<ShipgateTables>, p: Placeholders) =>
  db
    .insertInto('timers')
    .columns(['kind', 'subject', 'due_at', 'payload', 'created_at'])
    .expression(
      db
        .selectFrom('timers')
        .select([
          sql<string>`CAST(${p('kind')} AS TEXT)`.as('kind'),
          sql<string>`CAST(${p('subject')} AS TEXT)`.as('subject'),
          sql<number>`CAST(${p('dueAt')} AS BIGINT)`.as('due_at'),
          sql<string>`CAST(${p('payload')} AS TEXT)`.as('payload'),
          sql<number>`CAST(${p('createdAt')} AS BIGINT)`.as('created_at'),
        ])
        .where('id', '=', p('held'))
        .where((eb) => heldBy(eb, p))
        .where('claimed_until', '>=', p('now')),
    );
const insertAfter = defineStatement((db, p) => insertWhileHeld(db, p).returning('id'));
/** PostgreSQL only: {@link insertAfter} and the NOTIFY of `insertAndNotify`. */
const insertAfterAndNotify = defineStatement((db, p) =>
  db
    .with('armed', () => insertWhileHeld(db, p).returning(['id', 'due_at']))
    .selectFrom('armed')
    .select([
      'armed.id',
      sql<string>`pg_notify(${sql.lit(TIMERS_ARMED_CHANNEL)}, armed.due_at::text)`.as('notified'),
    ]),
);
const cancel = defineStatement((db, p) =>
  db
    .updateTable('timers')
    .set({ cancelled_at: p('at') })
    .where('id', '=', p('id'))
    .where(pending),
);
const cancelFor = statementShapes((ofKind: boolean) =>
  defineStatement((db, p) => {
    const query = db
      .updateTable('timers')
      .set({ cancelled_at: p('at') })
      .where('subject', '=', p('subject'))
      .where('id', '<>', p('except'))
      .where(pending);
    return ofKind ? query.where('kind', '=', p('kind')) : query;
  }),
);
const listPending = statementShapes((ofSubject: boolean) =>
  defineStatement((db, p) => {
    const query = db.selectFrom('timers').selectAll().where(pending).orderBy('due_at').orderBy('id');
    return ofSubject ? query.where('subject', '=', p('subject')) : query;
  }),
);
/** Writes (without changing) the unclaimed pending timers of one kind, subject and payload, so their rows are held. */
const holdUnclaimed = defineStatement((db, p) =>
  db
    .updateTable('timers')
    .set({ due_at: sql<number>`due_at` })
    .where('subject', '=', p('subject'))
    .where('kind', '=', p('kind'))
    .where('payload', '=', p('payload'))
    .where(pending)
    .where('claimed_until', 'is', null),
);
const byId = defineStatement((db, p) => db.selectFrom('timers').selectAll().where('id', '=', p('id')));
const claimOne = defineStatement((db, p) =>
  db
    .updateTable('timers')
    .set({
      claimed_by: p('owner'),
      claimed_until: p('until'),
      claimed_at: p('now'),
      lease_token: sql<number>`lease_token + 1`,
    })
    .where('id', '=', p('id'))
    .where(pending)
    .where('due_at', '<=', p('now'))
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', p('now'))]))
    .returning('lease_token'),
);
/** An update of one timer that only the claim named by `owner` and `token` may make (the fencing token). */
const fencedUpdate = (set: (p: Placeholders) => UpdateObject<ShipgateTables, 'timers'>) =>
  defineStatement((db, p) =>
    db
      .updateTable('timers')
      .set(set(p))
      .where('id', '=', p('id'))
      .where((eb) => heldBy(eb, p)),
  );
const complete = fencedUpdate((p) => ({ fired_at: p('at'), claimed_until: NULL }));
const release = fencedUpdate((p) => ({
  attempts: sql<number>`attempts + 1`,
  last_error: p('error'),
  due_at: p('dueAt'),
  claimed_by: NULL,
  claimed_until: NULL,
}));
const giveUp = fencedUpdate((p) => ({
  attempts: sql<number>`attempts + 1`,
  last_error: p('error'),
  fired_at: p('at'),
  claimed_until: NULL,
}));

/**
 * The `timers` table on either store (through a {@link SqlRunner}): arming, cancelling, reading, and the changes a
 * claim's holder makes once its handler ran. Every such change is conditioned on the claim's owner and fencing
 * token ({@link Lease}), so a scheduler whose lease ran out and was claimed by another (or claimed again) cannot
 * overwrite the new holder's outcome. On PostgreSQL `insert` also notifies {@link TIMERS_ARMED_CHANNEL}, so every
 * replica's scheduler hears of the new timer when the transaction commits. Payloads and errors are stored with the
 * store's secret values redacted. Each method joins the caller's transaction, if any.
 */
export class TimerRepository {
  constructor(private readonly runner: SqlRunner) {}

  /** Inserts a pending timer and returns its id. */
  async insert(timer: NewTimer): Promise<number> {
    const args = {
      kind: timer.kind,
      subject: timer.subject,
      dueAt: timer.dueAt.getTime(),
      payload: this.runner.secrets.json(timer.payload),
      createdAt: timer.createdAt.getTime(),
    };
    const statement = this.runner.dialect === 'postgres' ? insertAndNotify : insert;
    const row = await this.runner.get<{ id: number }>(statement, args);
    if (!row) throw new Error(`arming timer ${timer.kind} for ${timer.subject} returned no id`);
    return Number(row.id);
  }

  /**
   * Inserts a pending timer, as {@link insert} does, but only while `lease` still holds the pending timer `held`
   * and has not run out at `now`; resolves with the new id, or undefined (nothing armed) once the lease is lost.
   */
  async insertAfter(held: number, lease: Lease, now: Date, timer: NewTimer): Promise<number | undefined> {
    const args = {
      held,
      ...lease,
      now: now.getTime(),
      kind: timer.kind,
      subject: timer.subject,
      dueAt: timer.dueAt.getTime(),
      payload: this.runner.secrets.json(timer.payload),
      createdAt: timer.createdAt.getTime(),
    };
    const statement = this.runner.dialect === 'postgres' ? insertAfterAndNotify : insertAfter;
    const row = await this.runner.get<{ id: number }>(statement, args);
    return row === undefined ? undefined : Number(row.id);
  }

  /** Cancels one pending timer; false if it does not exist, already fired or was already cancelled. */
  async cancel(id: number, at: Date): Promise<boolean> {
    return (await this.runner.run(cancel, { id, at: at.getTime() })) === 1;
  }

  /**
   * Cancels every pending timer about `subject` (only those of `kind` if given) but `except` (a timer id, or none);
   * returns how many.
   */
  cancelFor(subject: string, kind: string | undefined, at: Date, except?: number): Promise<number> {
    const args = { subject, at: at.getTime(), except: except ?? -1, ...(kind === undefined ? {} : { kind }) };
    return this.runner.run(cancelFor(kind !== undefined), args);
  }

  /** Timers not yet fired nor cancelled (including ones being run right now), soonest first. */
  async listPending(subject?: string): Promise<StoredTimer[]> {
    const rows = await this.runner.all<TimerRow>(
      listPending(subject !== undefined),
      subject ? { subject } : {},
    );
    return rows.map(toStored);
  }

  /**
   * Holds the pending timers of `kind` about `subject` with exactly `payload` that no scheduler has a claim on
   * (never claimed, or released for a retry), and returns how many there are. Their rows are written, unchanged, so
   * inside the caller's transaction they stay locked until it ends: no claim takes them before (PostgreSQL's claims
   * skip locked rows; SQLite's wait for the writer), and their handlers then see what the transaction committed.
   */
  async holdUnclaimed(kind: string, subject: string, payload: Record<string, unknown>): Promise<number> {
    return await this.runner.run(holdUnclaimed, {
      kind,
      subject,
      payload: this.runner.secrets.json(payload),
    });
  }

  /**
   * Takes a lease on one due timer until `until` and resolves with the claim's fencing token; undefined unless this
   * caller's UPDATE changed the row: it must still be pending, due, and unclaimed or held by a lease that ran out
   * before `now`.
   */
  async claim(id: number, owner: string, now: Date, until: Date): Promise<number | undefined> {
    const row = await this.runner.get<{ lease_token: number }>(claimOne, {
      id,
      owner,
      now: now.getTime(),
      until: until.getTime(),
    });
    return row === undefined ? undefined : Number(row.lease_token);
  }

  /** One timer by id, whatever its state. */
  async get(id: number): Promise<StoredTimer | undefined> {
    const row = await this.runner.get<TimerRow>(byId, { id });
    return row === undefined ? undefined : toStored(row);
  }

  /** Marks a claimed timer fired. False if `lease` no longer holds it. */
  async complete(id: number, lease: Lease, at: Date): Promise<boolean> {
    return (await this.runner.run(complete, { id, ...lease, at: at.getTime() })) === 1;
  }

  /** Records a failed run and makes the timer due again at `dueAt`, unclaimed. False if `lease` lost it. */
  async release(id: number, lease: Lease, dueAt: Date, error: string): Promise<boolean> {
    const args = { id, ...lease, dueAt: dueAt.getTime(), error: this.runner.secrets.redact(error) };
    return (await this.runner.run(release, args)) === 1;
  }

  /** Records a final failed run: the timer is marked fired with the error kept. False if `lease` lost it. */
  async giveUp(id: number, lease: Lease, at: Date, error: string): Promise<boolean> {
    const args = { id, ...lease, at: at.getTime(), error: this.runner.secrets.redact(error) };
    return (await this.runner.run(giveUp, args)) === 1;
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
    id: Number(row.id),
    kind: row.kind,
    subject: row.subject,
    dueAt: new Date(Number(row.due_at)),
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    attempts: Number(row.attempts),
    createdAt: new Date(Number(row.created_at)),
  };
}

function toStored(row: TimerRow): StoredTimer {
  const date = (ms: number | null) => (ms === null ? null : new Date(Number(ms)));
  return {
    ...recordOfRow(row),
    claimedBy: row.claimed_by,
    claimedUntil: date(row.claimed_until),
    firedAt: date(row.fired_at),
    cancelledAt: date(row.cancelled_at),
    lastError: row.last_error,
    leaseToken: Number(row.lease_token),
  };
}
