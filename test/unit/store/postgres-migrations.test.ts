import { describe, expect, it } from 'vitest';
import { migrations } from '../../../src/store/migrations.js';
import { POSTGRES_BASELINE } from '../../../src/store/postgres/postgres-baseline.js';
import { postgresMigrations } from '../../../src/store/postgres/postgres-migrations.js';
import {
  postgresSideOf,
  type SchemaStep,
  sqliteMigrationsOf,
} from '../../../src/store/postgres/schema-step.js';

describe('the shared schema steps', () => {
  it('stand, on SQLite, for exactly the migrations SQLite runs (a step added to one list only fails here)', () => {
    const sqlite = sqliteMigrationsOf(postgresMigrations);
    expect(sqlite).toHaveLength(migrations.length);
    for (const [index, step] of migrations.entries()) expect(sqlite[index]).toBe(step);
  });

  it('start PostgreSQL at the baseline', () => {
    expect(postgresMigrations.map((step) => step.name)).toEqual([
      'baseline',
      'deploy approval order',
      'timer lease token',
    ]);
    const [baseline] = postgresMigrations;
    expect(baseline && postgresSideOf(baseline)).toBe(POSTGRES_BASELINE);
  });

  it('give dialect-neutral SQL to both stores and each side of a split step to its own store', () => {
    const neutral: SchemaStep = { name: 'add notes', sql: 'ALTER TABLE deploys ADD COLUMN notes TEXT' };
    const split: SchemaStep = {
      name: 'add blob',
      sqlite: 'ALTER TABLE deploys ADD COLUMN blob BLOB',
      postgres: 'ALTER TABLE deploys ADD COLUMN blob BYTEA',
    };
    expect(sqliteMigrationsOf([neutral, split])).toEqual([
      'ALTER TABLE deploys ADD COLUMN notes TEXT',
      'ALTER TABLE deploys ADD COLUMN blob BLOB',
    ]);
    expect([neutral, split].map(postgresSideOf)).toEqual([
      'ALTER TABLE deploys ADD COLUMN notes TEXT',
      'ALTER TABLE deploys ADD COLUMN blob BYTEA',
    ]);
  });
});
