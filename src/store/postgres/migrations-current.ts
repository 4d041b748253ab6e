import type { PostgresTarget } from './migrate-postgres.js';
import { postgresMigrations } from './postgres-migrations.js';
import type { SchemaStep } from './schema-step.js';

/**
 * The versions of `steps` (default: every known step) not yet recorded in the database's `shipgate_migrations`
 * (in the schema its `search_path` names); every version when the table is not there yet. Versions recorded by a
 * newer Shipgate that this one does not know are not pending.
 */
export async function pendingPostgresMigrations(
  db: PostgresTarget,
  steps: readonly SchemaStep[] = postgresMigrations,
): Promise<number[]> {
  const all = steps.map((_, index) => index + 1);
  const table = await db.query<{ present: boolean }>(
    "SELECT to_regclass('shipgate_migrations') IS NOT NULL AS present",
  );
  if (table.rows[0]?.present !== true) return all;
  const { rows } = await db.query<{ version: number }>('SELECT version FROM shipgate_migrations');
  const recorded = new Set(rows.map((row) => row.version));
  return all.filter((version) => !recorded.has(version));
}

/** Whether every known step is applied: what a readiness check (`/readyz`) asks of a PostgreSQL store. */
export async function migrationsCurrent(
  db: PostgresTarget,
  steps: readonly SchemaStep[] = postgresMigrations,
): Promise<boolean> {
  return (await pendingPostgresMigrations(db, steps)).length === 0;
}
