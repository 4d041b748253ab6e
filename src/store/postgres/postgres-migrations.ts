import { DEPLOY_APPROVAL_ORDER_SQLITE, migrations, TIMER_LEASE_TOKEN_SQL } from '../migrations.js';
import { POSTGRES_BASELINE } from './postgres-baseline.js';
import type { SchemaStep } from './schema-step.js';

/**
 * Every schema step, oldest first, for both stores: PostgreSQL step N is version N in `shipgate_migrations`
 * (see `migratePostgres`). Step 1 is the baseline: on PostgreSQL {@link POSTGRES_BASELINE}, on SQLite the
 * 14 migrations in `src/store/migrations.ts` it stands for.
 *
 * Adding a migration: append one step here, never edit one that has shipped. Write it once as dialect-neutral
 * SQL (`{ name, sql }`) when both stores take the same text (ALTER TABLE … ADD COLUMN, CREATE INDEX, plain
 * CREATE TABLE with TEXT and BIGINT columns), else as `{ name, sqlite, postgres }` (PostgreSQL: BIGINT for epoch
 * ms and ids, TEXT COLLATE "C" for text, BYTEA for blobs, plpgsql for triggers). Until `migrate()` in
 * `src/store/database.ts` runs `sqliteMigrationsOf(postgresMigrations)` itself, also append the step's SQLite
 * side to `src/store/migrations.ts`; the unit test `postgres-migrations.test.ts` fails while the two lists
 * disagree, and the PostgreSQL schema-parity test fails while the two schemas do.
 */
export const postgresMigrations: readonly SchemaStep[] = [
  { name: 'baseline', sqlite: migrations.slice(0, 14), postgres: POSTGRES_BASELINE },
  {
    name: 'deploy approval order',
    sqlite: DEPLOY_APPROVAL_ORDER_SQLITE,
    postgres: 'ALTER TABLE deploy_approvals ADD COLUMN seq BIGINT NOT NULL DEFAULT 0',
  },
  { name: 'timer lease token', sql: TIMER_LEASE_TOKEN_SQL },
];
