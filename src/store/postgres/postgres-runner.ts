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

/** A server-side prepared statement's name: the same SQL always gets the same name, on every client. */
const nameOf = (sql: string) => `sg_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;

/**
 * {@link SqlRunner} on PostgreSQL. Outside a transaction each statement runs on whichever pooled client is free
 * (autocommit); `transaction` takes one client for its whole work, carried through the awaits by AsyncLocalStorage
 * (switched on only while a transaction is open: it makes every promise dearer on Node 20), so statements made
 * inside it — also by nested calls, which become savepoints — run on that client. Isolation between transactions is
 * PostgreSQL's own; statements are named prepared statements, parsed once per client.
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

  transaction<T>(work: () => Promise<T>): Promise<T> {
    return this.inTransaction('BEGIN', work);
  }

  snapshot<T>(read: () => Promise<T>): Promise<T> {
    return this.inTransaction('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', read);
  }

  private async inTransaction<T>(begin: string, work: () => Promise<T>): Promise<T> {
    const frame = this.frames.getStore();
    if (frame) return this.savepoint(frame, work);
    const client = await this.pool.connect();
    this.open++;
    try {
      await client.query(begin);
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
