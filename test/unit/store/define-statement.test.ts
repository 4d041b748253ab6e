import { describe, expect, it } from 'vitest';
import { defineStatement, valuesFor } from '../../../src/store/sql/statement.js';

describe('a statement written once', () => {
  const upsert = defineStatement((db, p) =>
    db
      .insertInto('inbound_requests')
      .values({ received_at: p('at'), key: p('key') })
      .onConflict((oc) => oc.column('key').doUpdateSet({ received_at: p('later') })),
  );

  it('compiles for SQLite with ? and for PostgreSQL with $n, naming its values in placeholder order', () => {
    expect(upsert.sqlite.sql).toBe(
      'insert into "inbound_requests" ("received_at", "key") values (?, ?) on conflict ("key") do update set "received_at" = ?',
    );
    expect(upsert.postgres.sql).toBe(
      'insert into "inbound_requests" ("received_at", "key") values ($1, $2) on conflict ("key") do update set "received_at" = $3',
    );
    expect(upsert.sqlite.names).toEqual(['at', 'key', 'later']);
    expect(upsert.postgres.names).toEqual(['at', 'key', 'later']);
  });

  it('puts the named values in that order, and refuses a missing one', () => {
    expect(valuesFor(upsert.postgres, { key: 'k', at: 1, later: 2 })).toEqual([1, 'k', 2]);
    expect(() => valuesFor(upsert.sqlite, { key: 'k', at: 1 })).toThrow(
      'statement parameter later is missing',
    );
  });

  it('refuses a value written into the statement instead of a placeholder', () => {
    expect(() =>
      defineStatement((db) => db.deleteFrom('inbound_requests').where('received_at', '<', 5)),
    ).toThrow("a statement's values must be placeholders");
  });
});
