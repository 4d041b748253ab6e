import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ConnectionGate, gateOf } from '../../../src/store/connection-gate.js';
import { type Db, openDatabase } from '../../../src/store/database.js';
import { tempDbPath } from '../../support/test-shipgate.js';

let db: Db;
let gate: ConnectionGate;

/** A tiny synchronous repository over one table, as the scheduler's are. */
class Notes {
  constructor(private readonly handle: Db) {
    handle.exec('CREATE TABLE IF NOT EXISTS notes (text TEXT NOT NULL)');
  }
  add(text: string): number {
    return this.handle.prepare('INSERT INTO notes (text) VALUES (?)').run(text).changes;
  }
  all(): string[] {
    return (this.handle.prepare('SELECT text FROM notes ORDER BY rowid').all() as { text: string }[]).map(
      (r) => r.text,
    );
  }
  fail(): never {
    throw new Error('no such note');
  }
}

/** `Notes` used as the asynchronous stores use the connection: each call waits for its turn at the gate. */
const throughGate = (notes: Notes) => ({
  add: (text: string) => gate.run(() => notes.add(text)),
  all: () => gate.run(() => notes.all()),
  fail: () => gate.run(() => notes.fail()),
});

const tick = () => new Promise((resolve) => setImmediate(resolve));

beforeEach(() => {
  db = openDatabase(tempDbPath('shipgate-gate-'));
  gate = gateOf(db);
});
afterEach(() => db.close());

describe('the connection gate', () => {
  it('is one per connection', () => {
    expect(gateOf(db)).toBe(gate);
  });

  it('keeps a write from outside out of an open transaction that then rolls back', async () => {
    const notes = throughGate(new Notes(db));
    let outsideDone = false;
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const failing = gate.transaction(async () => {
      await notes.add('inside');
      await held;
      throw new Error('rolled back');
    });
    const outside = notes.add('outside').then(() => {
      outsideDone = true;
    });
    await tick();
    expect(outsideDone).toBe(false);
    expect(db.inTransaction).toBe(true);
    release();
    await expect(failing).rejects.toThrow('rolled back');
    await outside;
    expect(new Notes(db).all()).toEqual(['outside']);
  });

  it("lets the transaction's own statements through at once and commits them together", async () => {
    const notes = throughGate(new Notes(db));
    const seen = await gate.transaction(async () => {
      await notes.add('one');
      await notes.add('two');
      expect(gate.inTransaction()).toBe(true);
      return notes.all();
    });
    expect(seen).toEqual(['one', 'two']);
    expect(gate.inTransaction()).toBe(false);
    expect(new Notes(db).all()).toEqual(['one', 'two']);
  });

  it('runs transactions of different callers one after the other', async () => {
    const notes = throughGate(new Notes(db));
    const order: string[] = [];
    const first = gate.transaction(async () => {
      order.push('first begins');
      await notes.add('a');
      await tick();
      order.push('first ends');
    });
    const second = gate.transaction(async () => {
      order.push('second begins');
      await notes.add('b');
    });
    await Promise.all([first, second]);
    expect(order).toEqual(['first begins', 'first ends', 'second begins']);
  });

  it('joins a nested transaction as a savepoint: a caught inner failure undoes only the inner part', async () => {
    const notes = throughGate(new Notes(db));
    await gate.transaction(async () => {
      await notes.add('outer');
      await expect(
        gate.transaction(async () => {
          await notes.add('inner');
          throw new Error('inner failed');
        }),
      ).rejects.toThrow('inner failed');
      await notes.add('after');
    });
    expect(new Notes(db).all()).toEqual(['outer', 'after']);
  });

  it('turns what a repository throws into a rejection', async () => {
    const notes = throughGate(new Notes(db));
    await expect(notes.fail()).rejects.toThrow('no such note');
  });
});
