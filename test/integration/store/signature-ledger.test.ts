import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignatureLedger } from '../../../src/store/signature-ledger.js';
import { defineStatement } from '../../../src/store/sql/statement.js';
import { type DialectStore, dialectStores } from '../../support/dialect-stores.js';

const signature = (n: number) => createHash('sha256').update(`request ${n}`).digest();
const T0 = 1_795_000_000;

const stamps = defineStatement((db) =>
  db.selectFrom('slack_request_signatures').select('timestamp').orderBy('timestamp'),
);
const forget = defineStatement((db) => db.deleteFrom('slack_request_signatures'));

describe.each(dialectStores('signature_ledger'))('the signature ledger on %s', (_name, open) => {
  let store: DialectStore;
  beforeAll(async () => {
    store = await open();
  });
  afterAll(async () => {
    await store.close();
  });
  const stored = async () =>
    (await store.runner.all<{ timestamp: number | string }>(stamps)).map((r) => Number(r.timestamp));

  it('takes a signature the first time and refuses it every time after, also through another connection', async () => {
    const ledger = new SignatureLedger(store.runner);
    expect(await ledger.firstSeen(signature(1), T0)).toBe(true);
    expect(await ledger.firstSeen(signature(1), T0)).toBe(false);
    expect(await ledger.firstSeen(signature(2), T0)).toBe(true);
    expect(await ledger.firstSeen(signature(1), T0 + 1)).toBe(true);
    const other = store.connect();
    expect(await new SignatureLedger(other.runner).firstSeen(signature(1), T0)).toBe(false);
    await other.close();
  });

  it('takes one of two identical signatures presented in the same turn of the event loop', async () => {
    const ledger = new SignatureLedger(store.runner);
    const answers = await Promise.all([
      ledger.firstSeen(signature(7), T0),
      ledger.firstSeen(signature(8), T0),
      ledger.firstSeen(signature(7), T0),
    ]);
    expect(answers).toEqual([true, true, false]);
  });

  it('answers every caller of a large batch, written in pieces, each signature once', async () => {
    const ledger = new SignatureLedger(store.runner);
    const ns = Array.from({ length: 150 }, (_, i) => 1000 + (i % 100));
    const answers = await Promise.all(ns.map((n) => ledger.firstSeen(signature(n), T0)));
    expect(answers.slice(0, 100).every(Boolean)).toBe(true);
    expect(answers.slice(100).some(Boolean)).toBe(false);
  });

  it('takes a signature replayed to two replicas at once on exactly one of them', async () => {
    const other = store.connect();
    const here = new SignatureLedger(store.runner);
    const there = new SignatureLedger(other.runner);
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? here : there).firstSeen(signature(77), T0)),
    );
    expect(answers.filter(Boolean)).toHaveLength(1);
    await other.close();
  });

  it('forgets signatures stamped more than 10 minutes before the newest, which a replay could not pass anyway', async () => {
    await store.runner.run(forget);
    const ledger = new SignatureLedger(store.runner);
    await ledger.firstSeen(signature(0), T0);
    await ledger.firstSeen(signature(-1), T0 + 100);
    await Promise.all(Array.from({ length: 998 }, (_, i) => ledger.firstSeen(signature(i + 1), T0 + 700)));
    const left = await stored();
    expect(left).toHaveLength(999);
    expect(left).not.toContain(T0);
    expect(left).toContain(T0 + 100);
  });

  it('rejects when the database cannot be written, so no request is taken in unchecked', async () => {
    const other = store.connect();
    const ledger = new SignatureLedger(other.runner);
    await other.close();
    await expect(ledger.firstSeen(signature(1), T0)).rejects.toThrow(/not open|after calling end/);
  });
});
