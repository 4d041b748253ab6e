import type { SecretValues } from '../../core/text/secret-values.js';
import { type ConnectionGate, gateOf } from '../connection-gate.js';
import { type Db, storedSecrets } from '../database.js';
import { Statements } from '../statements.js';
import type { SqlRunner } from './sql-runner.js';
import { registerSqliteFunctions } from './sqlite-functions.js';
import { type SqlArgs, type SqlStatement, valuesFor } from './statement.js';

/**
 * {@link SqlRunner} on a SQLite connection: the statements' SQLite text, prepared once, run in the gate's turn.
 * Registers the functions the statements call ({@link registerSqliteFunctions}) on the connection; a read-only
 * handle is fine for everything but writes and `transaction` (`BEGIN IMMEDIATE`).
 */
export class SqliteRunner implements SqlRunner {
  readonly dialect = 'sqlite' as const;
  readonly secrets: SecretValues;
  private readonly gate: ConnectionGate;
  private readonly statements: Statements;

  constructor(db: Db) {
    this.gate = gateOf(db);
    this.statements = new Statements(db);
    this.secrets = storedSecrets(db);
    registerSqliteFunctions(db);
  }

  all<R>(statement: SqlStatement, args: SqlArgs = {}): Promise<R[]> {
    const { sql } = statement.sqlite;
    return this.gate.run(() => this.statements.get(sql).all(...valuesFor(statement.sqlite, args)) as R[]);
  }

  get<R>(statement: SqlStatement, args: SqlArgs = {}): Promise<R | undefined> {
    const { sql } = statement.sqlite;
    return this.gate.run(
      () => this.statements.get(sql).get(...valuesFor(statement.sqlite, args)) as R | undefined,
    );
  }

  run(statement: SqlStatement, args: SqlArgs = {}): Promise<number> {
    const { sql } = statement.sqlite;
    return this.gate.run(() => this.statements.get(sql).run(...valuesFor(statement.sqlite, args)).changes);
  }

  prepare(statement: SqlStatement): void {
    this.statements.get(statement.sqlite.sql);
  }

  transaction<T>(work: () => Promise<T>): Promise<T> {
    return this.gate.transaction(work);
  }

  snapshot<T>(read: () => Promise<T>): Promise<T> {
    return this.gate.transaction(read, 'BEGIN');
  }
}
