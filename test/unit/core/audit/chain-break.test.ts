import { describe, expect, it } from 'vitest';
import { verdictLines } from '../../../../src/core/audit/audit-verdict.js';
import {
  beyondHead,
  classifyBreak,
  headMismatch,
  type LinkFacts,
  tailDeleted,
} from '../../../../src/core/audit/chain-break.js';

const row = (id: number) => ({ id, at: `2026-11-24T10:0${id % 10}:00.000Z` });

/** Row 3 after verified rows 1 and 2, fine in every respect but the ones a case overrides. */
const facts = (over: Partial<LinkFacts>): LinkFacts => ({
  row: row(3),
  previous: row(2),
  beforePrevious: row(1),
  selfConsistent: true,
  linked: true,
  unchained: false,
  skipsPrevious: false,
  claimsLater: undefined,
  ...over,
});

const named = (f: LinkFacts) => {
  const b = classifyBreak(f);
  return [b.problem, b.id, b.when];
};

describe('classifyBreak', () => {
  it('calls a row whose hash does not match its contents edited', () => {
    expect(named(facts({ selfConsistent: false }))).toEqual(['edited', 3, 'at']);
    expect(named(facts({ selfConsistent: false, linked: false }))).toEqual(['edited', 3, 'at']);
  });

  it('calls the previous row edited when this one is intact but chained to another version of it', () => {
    expect(named(facts({ linked: false }))).toEqual(['edited', 2, 'at']);
    expect(
      named(facts({ row: row(1), previous: undefined, beforePrevious: undefined, linked: false })),
    ).toEqual(['edited', 1, 'at']);
  });

  it('calls the previous row inserted when this one chains past it to the row before', () => {
    expect(named(facts({ linked: false, skipsPrevious: true }))).toEqual(['inserted', 2, 'at']);
    expect(named(facts({ linked: false, skipsPrevious: true, selfConsistent: false, row: row(4) }))).toEqual([
      'inserted',
      2,
      'at',
    ]);
    expect(classifyBreak(facts({ linked: false, skipsPrevious: true })).detail).toBe(
      'event 3 chains to event 1, so this event was put between them',
    );
  });

  it('calls a row inserted when it has no chain columns or an id Shipgate never gives', () => {
    expect(named(facts({ unchained: true, linked: false, selfConsistent: false }))).toEqual([
      'inserted',
      3,
      'at',
    ]);
    expect(named(facts({ row: row(0), previous: undefined, beforePrevious: undefined }))).toEqual([
      'inserted',
      0,
      'at',
    ]);
  });

  it('calls a self-consistent, chained row after a gap inserted at a made-up id', () => {
    expect(named(facts({ row: row(9) }))).toEqual(['inserted', 9, 'at']);
  });

  it('calls a gap the row after it does not bridge deleted, naming the first missing id', () => {
    const gap = classifyBreak(facts({ row: row(6), linked: false }));
    expect([gap.problem, gap.id, gap.when, gap.at]).toEqual(['deleted', 3, 'before', row(6).at]);
    expect(gap.detail).toBe('no event has ids 3–5, and event 6 does not chain to event 2');
    expect(
      named(facts({ row: row(2), previous: undefined, beforePrevious: undefined, linked: false })),
    ).toEqual(['deleted', 1, 'before']);
  });

  it('calls a row that chains to a later row reordered', () => {
    const moved = classifyBreak(facts({ linked: false, selfConsistent: false, claimsLater: 4 }));
    expect([moved.problem, moved.id, moved.detail]).toEqual([
      'reordered',
      3,
      'it chains to event 4, which comes after it',
    ]);
  });
});

describe('the head checks', () => {
  const head = { id: 5, hash: 'a'.repeat(64) };

  it('calls a row past the head inserted, a re-hashed head row edited, a log short of it deleted', () => {
    expect(beyondHead(row(6), head).problem).toBe('inserted');
    expect(headMismatch(row(5)).problem).toBe('edited');
    const tail = tailDeleted(row(3), head);
    expect([tail.problem, tail.id, tail.when, tail.at]).toEqual(['deleted', 4, 'after', row(3).at]);
    expect(tailDeleted(undefined, head)).toMatchObject({ id: 1, at: undefined, problem: 'deleted' });
  });
});

describe('verdictLines', () => {
  it('prints OK with the count and the head', () => {
    expect(verdictLines({ ok: true, rows: 5, head: { id: 5, hash: 'ab'.repeat(32) } })).toEqual([
      'OK: 5 events verify',
      `head: event 5 ${'ab'.repeat(32)}`,
    ]);
  });

  it('prints FAIL with the id, the time (before/after for a deleted event), the problem and what was found', () => {
    const edited = classifyBreak(facts({ selfConsistent: false }));
    expect(verdictLines({ ok: false, rows_checked: 3, first: edited })).toEqual([
      'FAIL: event 3 at 2026-11-24T10:03:00.000Z was edited: its stored hash does not match its contents (checked 3 events)',
    ]);
    const deleted = classifyBreak(facts({ row: row(4), linked: false }));
    expect(verdictLines({ ok: false, rows_checked: 3, first: deleted })[0]).toBe(
      'FAIL: event 3 before 2026-11-24T10:04:00.000Z was deleted: no event has id 3, and event 4 does not chain to event 2 (checked 3 events)',
    );
    expect(
      verdictLines({ ok: false, rows_checked: 0, first: tailDeleted(undefined, { id: 2, hash: 'x' }) })[0],
    ).toBe(
      'FAIL: event 1 was deleted: no event has ids 1–2, but the chain head records event 2 as the last one appended (checked 0 events)',
    );
  });
});
