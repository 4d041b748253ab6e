import type { ClientBase } from 'pg';
import type { Migration } from '../migrations.js';

/** A step's PostgreSQL side: SQL (several statements allowed), or a function run on the step's transaction. */
export type PostgresMigration = string | ((client: ClientBase) => Promise<void>);

/**
 * One schema step for both stores. Either dialect-neutral SQL that SQLite and PostgreSQL both run as written
 * (`{ name, sql }`), or one side per store (`{ name, sqlite, postgres }`) when the dialects differ (types,
 * identity columns, trigger syntax, or a data step written as a function). A SQLite side may be several of the
 * SQLite runner's steps: the PostgreSQL baseline's SQLite side is every SQLite migration up to user_version 14.
 */
export type SchemaStep =
  | { readonly name: string; readonly sql: string }
  | {
      readonly name: string;
      readonly sqlite: Migration | readonly Migration[];
      readonly postgres: PostgresMigration;
    };

/** What PostgreSQL runs for `step`. */
export function postgresSideOf(step: SchemaStep): PostgresMigration {
  return 'sql' in step ? step.sql : step.postgres;
}

/**
 * The SQLite runner's steps for `steps`, in order, each SQLite side flattened: the list `migrate()` in
 * `src/store/database.ts` would run if it read the shared list, numbered by `user_version` exactly as today.
 */
export function sqliteMigrationsOf(steps: readonly SchemaStep[]): Migration[] {
  return steps.flatMap((step): Migration[] => {
    if ('sql' in step) return [step.sql];
    return typeof step.sqlite === 'string' || typeof step.sqlite === 'function'
      ? [step.sqlite]
      : [...step.sqlite];
  });
}
