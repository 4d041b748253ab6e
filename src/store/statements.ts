import type { Statement } from 'better-sqlite3';
import type { Db } from './database.js';

/**
 * Prepared statements of one repository, each prepared the first time it is used and kept: preparing costs more
 * than running most of Shipgate's queries, and the hot paths (a deploy request's history lookup) run them per
 * request.
 */
export class Statements {
  private readonly cache = new Map<string, Statement>();

  constructor(private readonly db: Db) {}

  /** The statement for `sql`, prepared once. */
  get<P extends unknown[] | {} = unknown[], R = unknown>(sql: string): Statement<P, R> {
    let statement = this.cache.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.cache.set(sql, statement);
    }
    return statement as unknown as Statement<P, R>;
  }
}
