import { AsyncLocalStorage } from 'node:async_hooks';
import type { Db } from './database.js';

/** The transaction a piece of asynchronous work runs in (carried through its awaits by AsyncLocalStorage). */
interface Frame {
  depth: number;
}

/**
 * Turn-taking on one SQLite connection once work on it is asynchronous. A connection holds at most one open
 * transaction, and an async transaction yields between its statements, so other work could otherwise slip a
 * statement into it (a write that a rollback would take away, a read of what may never commit). The gate lets the
 * open transaction's own work through at once, and makes every other use wait until the transaction ends; outside a
 * transaction a statement runs at once. Statements themselves stay synchronous (better-sqlite3), so once a turn is
 * taken nothing can interleave with it.
 *
 * AsyncLocalStorage makes every promise in the process dearer on Node 20 (about three times, measured), so the gate
 * switches it on only while a transaction is open and off again when it ends: outside transactions nobody needs to
 * tell callers apart.
 */
export class ConnectionGate {
  private readonly frames = new AsyncLocalStorage<Frame>();
  private holder: Frame | undefined;
  private waiting: (() => void)[] = [];

  constructor(private readonly db: Db) {}

  /** Runs one synchronous use of the connection in the caller's turn; rejects with what it throws. */
  run<T>(work: () => T): Promise<T> {
    if (this.mayUse()) {
      try {
        return Promise.resolve(work());
      } catch (err) {
        return Promise.reject(err);
      }
    }
    return this.later(work);
  }

  /**
   * Runs `work` in one transaction (`BEGIN IMMEDIATE`, so a second process on the file waits at the start instead of
   * failing mid-way); nested calls inside it join it as a savepoint, so an inner failure that is caught rolls back
   * only the inner part, as better-sqlite3's nested transactions do. A reader passes `BEGIN` (deferred): one
   * consistent snapshot that never blocks writers and works on a read-only handle.
   */
  async transaction<T>(
    work: () => Promise<T>,
    begin: 'BEGIN IMMEDIATE' | 'BEGIN' = 'BEGIN IMMEDIATE',
  ): Promise<T> {
    const frame = this.frames.getStore();
    if (frame !== undefined && frame === this.holder) return this.savepoint(frame, work);
    while (this.holder !== undefined) await this.turn();
    const mine: Frame = { depth: 0 };
    this.holder = mine;
    try {
      this.db.exec(begin);
    } catch (err) {
      this.release();
      throw err;
    }
    try {
      const result = await this.frames.run(mine, work);
      this.db.exec('COMMIT');
      return result;
    } catch (err) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw err;
    } finally {
      this.release();
    }
  }

  /** True inside a transaction this gate opened for the caller. */
  inTransaction(): boolean {
    const frame = this.frames.getStore();
    return frame !== undefined && frame === this.holder;
  }

  private async savepoint<T>(frame: Frame, work: () => Promise<T>): Promise<T> {
    const name = `shipgate_${++frame.depth}`;
    this.db.exec(`SAVEPOINT ${name}`);
    try {
      const result = await work();
      this.db.exec(`RELEASE ${name}`);
      return result;
    } catch (err) {
      if (this.db.inTransaction) this.db.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
      throw err;
    } finally {
      frame.depth--;
    }
  }

  private mayUse(): boolean {
    return this.holder === undefined || this.frames.getStore() === this.holder;
  }

  private async later<T>(work: () => T): Promise<T> {
    while (!this.mayUse()) await this.turn();
    return work();
  }

  private turn(): Promise<void> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    this.holder = undefined;
    this.frames.disable();
    const waiting = this.waiting;
    this.waiting = [];
    for (const wake of waiting) wake();
  }
}

const gates = new WeakMap<Db, ConnectionGate>();

/** The one gate of an open connection: every repository and the transactor over `db` take turns through it. */
export function gateOf(db: Db): ConnectionGate {
  let gate = gates.get(db);
  if (!gate) {
    gate = new ConnectionGate(db);
    gates.set(db, gate);
  }
  return gate;
}
