import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { SecretValues } from '../../core/text/secret-values.js';
import type { SqlRunner } from '../sql/sql-runner.js';
import { type CompiledSql, type SqlArgs, type SqlStatement, valuesFor } from '../sql/statement.js';

/** The transaction a piece of asynchronous work runs in: its own pooled client, carried through its awaits. */
interface Frame {
  readonly client: PoolClient;
  depth: number;
}

/**
 * The `pg_advisory_xact_lock` key every Shipgate transaction on PostgreSQL takes first: the bytes of "sgwrite" read
 * as one bigint. One lock for all of them makes a transaction's read-then-write as safe as under SQLite's single
 * writer, across every replica and pool, without a retry loop or a row-lock order to keep.
 */
export const WRITE_LOCK_KEY = 0x73677772697465n;

/** A server-side prepared statement's name: the same SQL always gets the same name, on every client. */
const nameOf = (sql: string) => `sg_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;

/**
 * {@link SqlRunner} on PostgreSQL. Outside a transaction each statement runs on whichever pooled client is free
 * (autocommit); `transaction` takes one client for its whole work, carried through the awaits by AsyncLocalStorage
 * (switched on only while a transaction is open: it makes every promise dearer on Node 20), so statements made
 * inside it — also by nested calls, which become savepoints — run on that client. Every transaction first takes the
 * transaction-scoped advisory lock {@link WRITE_LOCK_KEY}, so Shipgate's transactions run one at a time across all
 * replicas, as on SQLite (`BEGIN IMMEDIATE`): the read-then-write ones (an approval that may be the last, a lane
 * handed to the next in the queue, a deploy row patched) see no concurrent writer between their read and their
 * write. Statements outside a transaction (reads, single-statement claims and inserts) do not wait for it; the lock
 * ends with COMMIT or ROLLBACK, also when the client's connection drops. Statements are named prepared
 * statements, parsed once per client.
 */
export class PostgresRunner implements SqlRunner {
  readonly dialect = 'postgres' as const;
  private readonly frames = new AsyncLocalStorage<Frame>();
  private open = 0;

  constructor(
    private readonly pool: Pool,
    readonly secrets: SecretValues = SecretValues.none,
  ) {}

  async all<R>(statement: SqlStatement, args: SqlArgs = {}): Promise<R[]> {
    return (await this.query(statement.postgres, args)).rows as R[];
  }

  async get<R>(statement: SqlStatement, args: SqlArgs = {}): Promise<R | undefined> {
    return (await this.query(statement.postgres, args)).rows[0] as R | undefined;
  }

  async run(statement: SqlStatement, args: SqlArgs = {}): Promise<number> {
    return (await this.query(statement.postgres, args)).rowCount ?? 0;
  }

  /** Nothing to do ahead: a named statement is parsed by each client the first time it runs it. */
  prepare(_statement: SqlStatement): void {}

  transaction<T>(work: () => Promise<T>): Promise<T> {
    return this.inTransaction('BEGIN', work, true);
  }

  snapshot<T>(read: () => Promise<T>): Promise<T> {
    return this.inTransaction('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', read, false);
  }

  private async inTransaction<T>(begin: string, work: () => Promise<T>, writes: boolean): Promise<T> {
    const frame = this.frames.getStore();
    if (frame) return this.savepoint(frame, work);
    const client = await this.pool.connect();
    this.open++;
    try {
      await client.query(begin);
      if (writes)
        await client.query({
          name: 'sg_write_lock',
          text: 'SELECT pg_advisory_xact_lock($1)',
          values: [WRITE_LOCK_KEY.toString()],
        });
      const result = await this.frames.run({ client, depth: 0 }, work);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
      if (--this.open === 0) this.frames.disable();
    }
  }

  private async savepoint<T>(frame: Frame, work: () => Promise<T>): Promise<T> {
    const name = `shipgate_${++frame.depth}`;
    await frame.client.query(`SAVEPOINT ${name}`);
    try {
      const result = await work();
      await frame.client.query(`RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (err) {
      await frame.client.query(`ROLLBACK TO SAVEPOINT ${name}`);
      await frame.client.query(`RELEASE SAVEPOINT ${name}`);
      throw err;
    } finally {
      frame.depth--;
    }
  }

  private query(compiled: CompiledSql, args: SqlArgs) {
    const on = this.frames.getStore()?.client ?? this.pool;
    return on.query({ name: nameOf(compiled.sql), text: compiled.sql, values: valuesFor(compiled, args) });
  }
}
