import { type ExpressionBuilder, sql } from './sql/kysely.js';
import { listPlaceholders, paddedLength } from './sql/padded-list.js';
import type { ShipgateTables } from './sql/shipgate-tables.js';
import type { SqlRunner } from './sql/sql-runner.js';
import {
  defineStatement,
  listItem,
  type Placeholders,
  type SqlStatement,
  statementShapes,
} from './sql/statement.js';
import {
  type Lease,
  NULL,
  pending,
  recordOfRow,
  type TimerRecord,
  type TimerRecordRow,
  type TimerRepository,
} from './timer-repository.js';

/** A timer whose handler succeeded, the claim it ran under, and when. */
export interface Done {
  readonly id: number;
  readonly token: number;
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

/** One claimed timer: what its handler receives and the claim's fencing token. */
export interface ClaimedTimer {
  readonly timer: TimerRecord;
  readonly token: number;
}

/** Timers a scheduler now holds, soonest first, and until when the lease lasts. */
export interface Claimed {
  readonly timers: ClaimedTimer[];
  readonly until: number;
}

/** What a claim may take: the kinds to claim (at least one) and the subjects to leave alone. */
export interface ClaimFilter {
  readonly kinds: readonly string[];
  readonly busy: readonly string[];
}

/** The most timers one statement names by id (renewing, completing); longer lists take several statements. */
const MAX_LIST = 256;

type TimersBuilder = ExpressionBuilder<ShipgateTables, 'timers'>;
type RecordRow = TimerRecordRow & { lease_token: number };
const RECORD = [
  'id',
  'kind',
  'subject',
  'due_at',
  'payload',
  'attempts',
  'created_at',
  'lease_token',
] as const;

/** The shape of a claim filter: how many kinds and busy subjects, each padded (see `paddedLength`). */
const shapeOf = (filter: ClaimFilter) =>
  `${paddedLength(filter.kinds.length)}:${paddedLength(filter.busy.length)}`;

/** The lists of a filter's placeholders: the kinds as `k`, the busy subjects as `b`. */
const filterArgs = (filter: ClaimFilter) => ({ k: filter.kinds, b: filter.busy });

/** Claimable at `now`: pending, of the shape's kinds, not about a busy subject, not held by a live lease. */
function claimable(shape: string, p: Placeholders) {
  const [kinds, busy] = shape.split(':').map(Number) as [number, number];
  return (eb: TimersBuilder) => {
    const conditions = [
      pending(eb),
      eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', p('now'))]),
      eb('kind', 'in', listPlaceholders('k', kinds)),
    ];
    if (busy > 0) conditions.push(eb('subject', 'not in', listPlaceholders('b', busy)));
    return eb.and(conditions);
  };
}

/** SQLite: the ids of the `limit` soonest claimable timers due at `now`. */
const dueIds = statementShapes((shape: string) =>
  defineStatement((db, p) =>
    db
      .selectFrom('timers')
      .select('id')
      .where(claimable(shape, p))
      .where('due_at', '<=', p('now'))
      .orderBy('due_at')
      .orderBy('id')
      .limit(p('limit')),
  ),
);
/** SQLite: claims those of the listed timers (ids `i`) still claimable, bumping each one's fencing token. */
const claimIds = statementShapes((count: number) =>
  defineStatement((db, p) =>
    db
      .updateTable('timers')
      .set({
        claimed_by: p('owner'),
        claimed_until: p('until'),
        claimed_at: p('now'),
        lease_token: sql<number>`lease_token + 1`,
      })
      .where('id', 'in', listPlaceholders('i', count))
      .where(pending)
      .where('due_at', '<=', p('now'))
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', p('now'))]))
      .returning(RECORD),
  ),
);
/**
 * PostgreSQL: claims the `limit` soonest claimable timers due at `now` in one statement. `FOR UPDATE SKIP LOCKED`
 * makes replicas claiming at the same time take different rows instead of waiting for each other; a row whose claim
 * committed meanwhile is re-checked by PostgreSQL and left out.
 */
const claimDue = statementShapes((shape: string) =>
  defineStatement((db, p) =>
    db
      .updateTable('timers')
      .set({
        claimed_by: p('owner'),
        claimed_until: p('until'),
        claimed_at: p('now'),
        lease_token: sql<number>`lease_token + 1`,
      })
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('timers')
          .select('id')
          .where(claimable(shape, p))
          .where('due_at', '<=', p('now'))
          .orderBy('due_at')
          .orderBy('id')
          .limit(p('limit'))
          .forUpdate()
          .skipLocked(),
      )
      .returning(RECORD),
  ),
);
/** The claims named by the lists `i` and `t` (ids and tokens, pairwise) that `owner` still holds on pending timers. */
const heldPairs = (count: number, p: Placeholders) => (eb: TimersBuilder) =>
  eb.and([
    eb(
      eb.refTuple('id', 'lease_token'),
      'in',
      Array.from({ length: count }, (_, index) => eb.tuple(listItem('i', index), listItem('t', index))),
    ),
    eb('claimed_by', '=', p('owner')),
    pending(eb),
  ]);
const renewPairs = statementShapes((count: number) =>
  defineStatement((db, p) =>
    db
      .updateTable('timers')
      .set({ claimed_until: p('until') })
      .where(heldPairs(count, p))
      .where('claimed_until', '>=', p('now'))
      .returning('id'),
  ),
);
const completePairs = statementShapes((count: number) =>
  defineStatement((db, p) =>
    db
      .updateTable('timers')
      .set({
        // Raw SQL: kysely's case builder copies itself at every branch, so 256 branches would cost ~10 ms to compile.
        fired_at: sql<number>`CASE id ${sql.join(
          Array.from(
            { length: count },
            (_, index) => sql`WHEN ${listItem('i', index)} THEN CAST(${listItem('a', index)} AS BIGINT)`,
          ),
          sql` `,
        )} END`,
        claimed_until: NULL,
      })
      .where(heldPairs(count, p))
      .returning('id'),
  ),
);
const nextDue = statementShapes((shape: string) =>
  defineStatement((db, p) =>
    db.selectFrom('timers').select('due_at').where(claimable(shape, p)).orderBy('due_at').limit(sql.lit(1)),
  ),
);
const staleLeases = defineStatement((db, p) =>
  db
    .selectFrom('timers')
    .select(['id', 'claimed_by as owner'])
    .where(pending)
    .where('claimed_until', 'is not', null)
    .where('claimed_by', '<>', p('owner'))
    .where((eb) => eb.or([eb('claimed_at', 'is', null), eb('claimed_at', '<', p('startedAt'))]))
    .orderBy('id'),
);
const releaseStale = defineStatement((db, p) =>
  db
    .updateTable('timers')
    .set({
      last_error: sql<string>`'lease of ' || claimed_by || ' taken over at restart'`,
      claimed_by: NULL,
      claimed_until: NULL,
      claimed_at: NULL,
    })
    .where('id', '=', p('id'))
    .where('claimed_by', '=', p('owner'))
    .where(pending),
);
const backlogOf = statementShapes((kinds: number) =>
  defineStatement((db, p) =>
    db
      .selectFrom('timers')
      .select((eb) => [eb.fn.countAll<number>().as('due'), eb.fn.min<number | null>('due_at').as('oldest')])
      .where(claimable(`${kinds}:0`, p))
      .where('due_at', '<=', p('now')),
  ),
);

/**
 * The scheduler's own statements over `timers` (beside {@link TimerRepository}'s), on either store: claiming due
 * timers in batches; renewing leases; marking several fired with one statement; when the next claimable timer comes due (read
 * from the `timers_pending (due_at)` index, so it stays cheap however many timers are armed); releasing, at
 * start-up, the leases of processes that are gone; and the backlog. Times are epoch ms. Lists (kinds, busy
 * subjects, ids) are `IN (…)` lists padded to a power of two, one compiled and prepared statement per padded length.
 *
 * Claims differ by store. SQLite has one writer: the ids are read, then claimed with one conditional UPDATE, so of
 * several schedulers on one file only the one whose UPDATE changed a row gets it. PostgreSQL claims in one
 * `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED)`, so replicas claiming at once split the due timers
 * between them without waiting on each other. Every claim bumps the row's fencing token (`lease_token`); renewing
 * and completing name each timer by id and token.
 */
export class TimerClaims {
  constructor(private readonly runner: SqlRunner) {}

  /**
   * Compiles and prepares, ahead, the statements whose shape is a padded id list: the SQLite claims of up to
   * `maxClaim` timers, and the renewals and completions of up to {@link MAX_LIST}. Otherwise the first catch-up
   * after a start pays for each new list length in the middle of its batches (compiling a 256-pair list takes
   * milliseconds). Best effort: a statement that cannot be prepared yet (no `timers` table) is prepared, and fails,
   * on first use as before.
   */
  prepareLists(maxClaim: number): void {
    for (let count = 1; count <= paddedLength(maxClaim); count *= 2)
      if (this.runner.dialect === 'sqlite') this.ready(claimIds(count));
    for (let count = 1; count <= MAX_LIST; count *= 2) {
      this.ready(renewPairs(count));
      this.ready(completePairs(count));
    }
  }

  /**
   * Compiles and prepares, ahead, the statements of a claim filter over `kinds` kinds and no busy subject (what a
   * scheduler whose handlers are free claims with): the claim, the next due time and the backlog.
   */
  prepareFilter(kinds: number): void {
    if (kinds <= 0) return;
    const shape = shapeOf({ kinds: Array.from({ length: kinds }, String), busy: [] });
    this.ready(this.runner.dialect === 'postgres' ? claimDue(shape) : dueIds(shape));
    this.ready(nextDue(shape));
    this.ready(backlogOf(paddedLength(kinds)));
  }

  private ready(statement: SqlStatement): void {
    try {
      this.runner.prepare(statement);
    } catch {
      // Prepared (and reported) on first use instead.
    }
  }

  /**
   * Leases to `owner`, until `now + leaseMs`, the `limit` soonest timers of the filter's kinds that are pending, due
   * at `now`, not about a busy subject, and unclaimed (or whose lease ran out); a timer another scheduler took in
   * between is simply not returned. `found` is how many were due, claimed or not (when it reaches `limit`, more may
   * be due).
   */
  async claimDue(
    now: number,
    filter: ClaimFilter,
    owner: string,
    leaseMs: number,
    limit: number,
  ): Promise<Claimed & { found: number }> {
    const until = now + leaseMs;
    const args = { ...filterArgs(filter), now, limit, owner, until };
    if (this.runner.dialect === 'postgres') {
      const rows = await this.runner.all<RecordRow>(claimDue(shapeOf(filter)), args);
      return { timers: claimedOf(rows), until, found: rows.length };
    }
    const ids = await this.runner.all<{ id: number }>(dueIds(shapeOf(filter)), args);
    if (ids.length === 0) return { timers: [], until, found: 0 };
    const claimArgs = { i: ids.map((row) => row.id), owner, now, until };
    const rows = await this.runner.all<RecordRow>(claimIds(paddedLength(ids.length)), claimArgs);
    return { timers: claimedOf(rows), until, found: ids.length };
  }

  /**
   * Extends to `now + leaseMs` the claims of `owner` in `leases` that still hold (same owner, same fencing token,
   * timer pending, lease not yet run out at `now`) and resolves with their ids; a claim not among them was lost. A
   * lease that ran out stays lost even if nobody claimed the timer since: another scheduler may be claiming it now.
   */
  async renew(
    leases: readonly { readonly id: number; readonly token: number }[],
    owner: string,
    now: number,
    leaseMs: number,
  ): Promise<{ readonly ids: Set<number>; readonly until: number }> {
    const until = now + leaseMs;
    const ids = new Set<number>();
    for (const chunk of chunks(leases)) {
      const args = { ...pairArgs(chunk), owner, until, now };
      for (const row of await this.runner.all<{ id: number }>(renewPairs(paddedLength(chunk.length)), args))
        ids.add(Number(row.id));
    }
    return { ids, until };
  }

  /**
   * Marks fired the timers in `done` that `owner` ran successfully and still holds: one statement per
   * {@link MAX_LIST} timers, each atomic and a no-op for a timer already fired, so no transaction is needed. Resolves
   * with the ids it marked; one left out was already fired, or its claim was lost.
   */
  async completeAll(done: readonly Done[], owner: string): Promise<Set<number>> {
    const marked = new Set<number>();
    for (const chunk of chunks(done)) {
      const args = { ...pairArgs(chunk), a: chunk.map((d) => d.at), owner };
      for (const row of await this.runner.all<{ id: number }>(
        completePairs(paddedLength(chunk.length)),
        args,
      ))
        marked.add(Number(row.id));
    }
    return marked;
  }

  /**
   * When the soonest pending timer of the filter's kinds, not about a busy subject and not held by a live lease at
   * `now`, is due; undefined when there is none.
   */
  async nextDueAt(now: number, filter: ClaimFilter): Promise<number | undefined> {
    const row = await this.runner.get<{ due_at: number }>(nextDue(shapeOf(filter)), {
      ...filterArgs(filter),
      now,
    });
    return row === undefined ? undefined : Number(row.due_at);
  }

  /**
   * Releases every lease on a pending timer that an owner other than `owner` took before `startedAt` (or before
   * leases recorded when they were taken), noting `lease of <owner> taken over at restart` as the timer's last
   * error; returns them. Only right where one process stands in for every process that held a lease before it
   * started (SQLite's one writer): their timers become claimable at once instead of when the lease runs out. Never
   * on a store that live replicas share: it would take the leases of timers they are running.
   */
  adoptStale(owner: string, startedAt: number): Promise<AdoptedLease[]> {
    return this.runner.transaction(async () => {
      const stale = await this.runner.all<AdoptedLease>(staleLeases, { owner, startedAt });
      for (const { id, owner: held } of stale) await this.runner.run(releaseStale, { id, owner: held });
      return stale.map((lease) => ({ id: Number(lease.id), owner: lease.owner }));
    });
  }

  /** The due timers of `kinds` no live lease holds: how many, and the oldest due time. */
  async backlog(now: number, kinds: readonly string[]): Promise<Backlog> {
    if (kinds.length === 0) return { due: 0, oldestDueAt: undefined };
    const row = await this.runner.get<{ due: number; oldest: number | null }>(
      backlogOf(paddedLength(kinds.length)),
      { k: kinds, now },
    );
    return {
      due: Number(row?.due ?? 0),
      oldestDueAt: row?.oldest === null || row?.oldest === undefined ? undefined : Number(row.oldest),
    };
  }
}

/** `list` in pieces of at most {@link MAX_LIST}. */
function chunks<T>(list: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < list.length; start += MAX_LIST) out.push(list.slice(start, start + MAX_LIST));
  return out;
}

/** The lists of (id, token) pairs: the ids as `i`, the tokens as `t` (a statement's padding repeats the last pair). */
function pairArgs(pairs: readonly { readonly id: number; readonly token: number }[]) {
  const i = new Array<number>(pairs.length);
  const t = new Array<number>(pairs.length);
  for (const [at, pair] of pairs.entries()) {
    i[at] = pair.id;
    t[at] = pair.token;
  }
  return { i, t };
}

/** The claimed rows as timers, soonest first (sorted on the rows' numbers, before any Date is made). */
function claimedOf(rows: RecordRow[]): ClaimedTimer[] {
  return rows
    .sort((a, b) => Number(a.due_at) - Number(b.due_at) || Number(a.id) - Number(b.id))
    .map((row) => ({ timer: recordOfRow(row), token: Number(row.lease_token) }));
}

export type { Lease };
