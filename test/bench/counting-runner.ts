import type { SqlRunner } from '../../src/store/sql/sql-runner.js';
import type { SqlArgs, SqlStatement } from '../../src/store/sql/statement.js';

/**
 * A {@link SqlRunner} that counts what it runs on the runner it wraps: `statements` (each `all`, `get` and `run`,
 * inside a transaction or not) and `transactions` (outermost or nested). The timer benches report the database
 * load of a scheduler as statements per timer, the same measure on SQLite and PostgreSQL.
 */
export class CountingRunner implements SqlRunner {
  statements = 0;
  transactions = 0;

  constructor(private readonly inner: SqlRunner) {}

  get dialect(): SqlRunner['dialect'] {
    return this.inner.dialect;
  }

  get secrets(): SqlRunner['secrets'] {
    return this.inner.secrets;
  }

  all<R>(statement: SqlStatement, args?: SqlArgs): Promise<R[]> {
    this.statements++;
    return this.inner.all<R>(statement, args);
  }

  get<R>(statement: SqlStatement, args?: SqlArgs): Promise<R | undefined> {
    this.statements++;
    return this.inner.get<R>(statement, args);
  }

  run(statement: SqlStatement, args?: SqlArgs): Promise<number> {
    this.statements++;
    return this.inner.run(statement, args);
  }

  prepare(statement: SqlStatement): void {
    this.inner.prepare(statement);
  }

  transaction<T>(work: () => Promise<T>): Promise<T> {
    this.transactions++;
    return this.inner.transaction(work);
  }

  snapshot<T>(read: () => Promise<T>): Promise<T> {
    this.transactions++;
    return this.inner.snapshot(read);
  }
}
