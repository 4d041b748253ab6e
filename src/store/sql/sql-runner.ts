import type { SecretValues } from '../../core/text/secret-values.js';
import type { SqlArgs, SqlDialect, SqlStatement } from './statement.js';

/**
 * Runs the dialect-neutral statements on one store: SQLite (synchronous prepared statements behind the connection's
 * gate) or PostgreSQL (a pool, one client per transaction). Repositories written against this run on either.
 */
export interface SqlRunner {
  readonly dialect: SqlDialect;
  /** The secret values never to be written to this store: repositories redact them from free text on the way in. */
  readonly secrets: SecretValues;
  /** Every row the statement returns. */
  all<R>(statement: SqlStatement, args?: SqlArgs): Promise<R[]>;
  /** The first row, or undefined. */
  get<R>(statement: SqlStatement, args?: SqlArgs): Promise<R | undefined>;
  /** Runs a write; resolves with how many rows it changed. */
  run(statement: SqlStatement, args?: SqlArgs): Promise<number>;
  /**
   * Readies a statement before its first run, so a hot path does not pay for it then (SQLite: prepares it on the
   * connection; PostgreSQL: nothing, each pooled client parses a named statement the first time it runs it).
   */
  prepare(statement: SqlStatement): void;
  /** Runs `work` in one transaction; nested calls join it as a savepoint. */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  /**
   * Runs `read` over one consistent snapshot: every read inside sees the same committed state, and writers are not
   * blocked (SQLite: a deferred `BEGIN`, which also works on a read-only handle; PostgreSQL: `REPEATABLE READ READ
   * ONLY`). Inside an open transaction it joins that one.
   */
  snapshot<T>(read: () => Promise<T>): Promise<T>;
}
