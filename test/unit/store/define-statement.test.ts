import { describe, expect, it } from 'vitest';
import { listPlaceholders } from '../../../src/store/sql/padded-list.js';
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

  it('runs an IN list with the list itself, padded with its last item to the length it was written for', () => {
    const inKeys = defineStatement((db, p) =>
      db
        .deleteFrom('inbound_requests')
        .where('key', 'in', listPlaceholders('keys', 4))
        .where('received_at', '<', p('before')),
    );
    expect(inKeys.sqlite.sql).toBe(
      'delete from "inbound_requests" where "key" in (?, ?, ?, ?) and "received_at" < ?',
    );
    expect(inKeys.postgres.sql).toBe(
      'delete from "inbound_requests" where "key" in ($1, $2, $3, $4) and "received_at" < $5',
    );
    expect(valuesFor(inKeys.sqlite, { keys: ['a', 'b'], before: 9 })).toEqual(['a', 'b', 'b', 'b', 9]);
    expect(valuesFor(inKeys.postgres, { keys: ['a', 'b', 'c', 'd'], before: 9 })).toEqual([
      'a',
      'b',
      'c',
      'd',
      9,
    ]);
    expect(() => valuesFor(inKeys.sqlite, { before: 9 })).toThrow('statement parameter keys is missing');
    expect(() => valuesFor(inKeys.sqlite, { keys: [], before: 9 })).toThrow(
      'statement list keys must be a non-empty array',
    );
  });
});
