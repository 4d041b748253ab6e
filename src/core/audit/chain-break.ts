/** What a row that does not verify says happened to the log (see {@link classifyBreak} for how each is told). */
export type AuditProblem = 'edited' | 'inserted' | 'deleted' | 'reordered';

/** A stored row as the verifying walk sees it: its id and its time as stored. */
export interface ChainRow {
  readonly id: number;
  readonly at: string;
}

/** The chain's head as recorded at each append: the last event's id and hash. */
export interface ChainHead {
  readonly id: number;
  readonly hash: string;
}

/** The first place the chain does not verify. */
export interface ChainBreak {
  /** The event the problem is about; for `deleted`, the first missing id. */
  readonly id: number;
  /**
   * That event's stored time (`when: 'at'`); for a deleted event, whose row is gone, the time of the surviving event
   * just after the gap (`'before'`) or, at the end of the log, just before it (`'after'`); none when nothing is left.
   */
  readonly at: string | undefined;
  readonly when: 'at' | 'before' | 'after';
  readonly problem: AuditProblem;
  /** One sentence on what was found, for people. */
  readonly detail: string;
}

/** What the walk knows about the first row that does not verify (`row`) and the verified rows before it. */
export interface LinkFacts {
  readonly row: ChainRow;
  /** The row before it, which verified; none when `row` is the first. */
  readonly previous: ChainRow | undefined;
  /** The row before `previous`; none when `previous` is the first (or there is none). */
  readonly beforePrevious: ChainRow | undefined;
  /** Its stored hash is the hash of its stored fields (its own `prev_hash` included). */
  readonly selfConsistent: boolean;
  /** Its `prev_hash` is the hash of `previous` (or the genesis value when it is the first). */
  readonly linked: boolean;
  /** It has no `hash` or no `prev_hash` at all. */
  readonly unchained: boolean;
  /** Its `prev_hash` is the hash of `beforePrevious` (or the genesis value when `previous` is the first row). */
  readonly skipsPrevious: boolean;
  /** The id of a later row whose hash is its `prev_hash`, when there is one. */
  readonly claimsLater: number | undefined;
}

const start = (row: ChainRow | undefined) => (row ? `event ${row.id}` : 'the start of the log');
const range = (from: number, to: number) => (from === to ? `id ${from}` : `ids ${from}–${to}`);

/**
 * Names what happened at the first row that does not verify. Ids are AUTOINCREMENT and every append chains to the
 * one before, so an untouched log has ids 1, 2, 3… each chained to its predecessor. In order:
 * - the row chains past its predecessor to the one before → that predecessor was `inserted` between them;
 * - the row chains to a row that comes later → it was `reordered` (moved before an event it was appended after);
 * - the row has no chain columns, or an id Shipgate never gives (below 1, past 2^53) → `inserted` around Shipgate;
 * - ids are missing before it: when it still chains to its predecessor and is self-consistent, it was `inserted`
 *   at a made-up id; otherwise the missing events were `deleted`;
 * - its stored hash does not match its fields → it was `edited` (or replaced by a forged row with a bad hash);
 * - it is self-consistent but chains to something other than its predecessor → the predecessor was `edited` (or
 *   replaced) and its hash recomputed.
 */
export function classifyBreak(facts: LinkFacts): ChainBreak {
  const { row, previous, beforePrevious } = facts;
  const at = (r: ChainRow, problem: AuditProblem, detail: string): ChainBreak => ({
    id: r.id,
    at: r.at,
    when: 'at',
    problem,
    detail,
  });
  if (previous && facts.skipsPrevious)
    return at(
      previous,
      'inserted',
      `event ${row.id} chains to ${start(beforePrevious)}, so this event was put between them`,
    );
  if (facts.claimsLater !== undefined)
    return at(row, 'reordered', `it chains to event ${facts.claimsLater}, which comes after it`);
  if (facts.unchained) return at(row, 'inserted', 'it has no chain hash, so it was written around Shipgate');
  const expectedId = (previous?.id ?? 0) + 1;
  if (row.id < expectedId || !Number.isSafeInteger(row.id))
    return at(row, 'inserted', 'Shipgate never gives an event this id');
  if (row.id !== expectedId) {
    if (facts.linked && facts.selfConsistent)
      return at(
        row,
        'inserted',
        `it chains to ${start(previous)} but skips ${range(expectedId, row.id - 1)}, which Shipgate never does`,
      );
    return {
      id: expectedId,
      at: row.at,
      when: 'before',
      problem: 'deleted',
      detail: `no event has ${range(expectedId, row.id - 1)}, and event ${row.id} does not chain to ${start(previous)}`,
    };
  }
  if (!facts.selfConsistent) return at(row, 'edited', 'its stored hash does not match its contents');
  if (previous)
    return at(
      previous,
      'edited',
      `event ${row.id} was chained to a different event ${previous.id}: this one was changed or replaced and its hash recomputed`,
    );
  return at(row, 'edited', 'it is the first event but does not chain to the start of the log');
}

/** A verified row with an id above the recorded head: appended around Shipgate, which moves the head each time. */
export function beyondHead(row: ChainRow, head: ChainHead): ChainBreak {
  return {
    id: row.id,
    at: row.at,
    when: 'at',
    problem: 'inserted',
    detail: `the chain head records event ${head.id} as the last one Shipgate appended`,
  };
}

/** The head's own row, self-consistent and chained, but with another hash than the head recorded. */
export function headMismatch(row: ChainRow): ChainBreak {
  return {
    id: row.id,
    at: row.at,
    when: 'at',
    problem: 'edited',
    detail:
      'its hash is not the one the chain head recorded when it was appended: it was changed and re-hashed',
  };
}

/** The log ends (at `last`, or is empty) before the head's id: its last events were deleted. */
export function tailDeleted(last: ChainRow | undefined, head: ChainHead): ChainBreak {
  const first = (last?.id ?? 0) + 1;
  return {
    id: first,
    at: last?.at,
    when: 'after',
    problem: 'deleted',
    detail: `no event has ${range(first, head.id)}, but the chain head records event ${head.id} as the last one appended`,
  };
}
