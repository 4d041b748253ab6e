import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, withoutPassword } from '../../../src/store/open-store.js';
import { postgresMigrations } from '../../../src/store/postgres/postgres-migrations.js';
import { type FreshSchema, freshSchema, missingPostgres } from '../../support/postgres.js';

describe.skipIf(missingPostgres())('a Shipgate store on PostgreSQL (SHIPGATE_DATABASE_URL)', () => {
  let schema: FreshSchema;
  beforeAll(async () => {
    schema = await freshSchema('open_store');
  });
  afterAll(async () => {
    await schema?.drop();
  });

  it('is migrated once by replicas starting together, and each is healthy', async () => {
    const replicas = await Promise.all(
      [1, 2, 3].map(() => openStore({ databaseUrl: schema.url, dbPath: 'unused' })),
    );
    try {
      const recorded = await schema.pool().query('SELECT version FROM shipgate_migrations ORDER BY version');
      expect(recorded.rows.map((r) => r.version)).toEqual(postgresMigrations.map((_, i) => i + 1));
      for (const replica of replicas) {
        expect(replica.dialect).toBe('postgres');
        expect(replica.sqlite).toBeUndefined();
        expect(await replica.health()).toEqual({ ok: true, detail: 'PostgreSQL' });
      }
    } finally {
      await Promise.all(replicas.map((r) => r.close()));
    }
  });

  it('is not healthy while a migration this build knows is missing, nor once it cannot reach the database', async () => {
    const store = await openStore({ databaseUrl: schema.url, dbPath: 'unused' });
    const admin = schema.pool();
    const last = postgresMigrations.length;
    const { rows } = await admin.query('DELETE FROM shipgate_migrations WHERE version = $1 RETURNING *', [
      last,
    ]);
    try {
      expect(await store.health()).toEqual({
        ok: false,
        detail: 'PostgreSQL schema is behind this build: migrations pending',
      });
    } finally {
      await admin.query('INSERT INTO shipgate_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        rows[0].version,
        rows[0].name,
        rows[0].applied_at,
      ]);
    }
    expect((await store.health()).ok).toBe(true);
    await store.close();
    const closed = await store.health();
    expect(closed.ok).toBe(false);
    expect(closed.detail).toMatch(/^PostgreSQL: /);
  });

  it('never shows the password of the connection string', async () => {
    expect(withoutPassword('postgres://shipgate:hunter2@db.internal:5432/shipgate')).toBe(
      'postgres://shipgate:****@db.internal:5432/shipgate',
    );
    expect(withoutPassword('not a url')).not.toContain('not a url');
  });
});
