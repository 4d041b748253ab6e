import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActorKind } from '../../../src/core/actor.js';
import { GENESIS_HASH } from '../../../src/core/audit/canonical-event.js';
import { SecretValues } from '../../../src/core/text/secret-values.js';
import { verifyAudit } from '../../../src/services/audit/verify-audit.js';
import { AuditRepository } from '../../../src/store/audit-repository.js';
import { eventHash } from '../../../src/store/event-hash.js';
import { EventLog } from '../../../src/store/event-log.js';
import type { SqlRunner } from '../../../src/store/sql/sql-runner.js';
import { defineStatement } from '../../../src/store/sql/statement.js';
import { type DialectStore, dialectStores } from '../../support/dialect-stores.js';

const SECRET = 'xoxb-1234-not-for-the-log';
const T0 = Date.UTC(2026, 11, 3, 10, 0, 0);
const minute = (n: number) => new Date(T0 + n * 60_000);

/** A row put into the table directly, as someone with access to the store could (inserts pass the triggers). */
const forgeRow = defineStatement((db, p) =>
  db.insertInto('events').values({
    id: p('id'),
    at: p('at'),
    actor: p('actor'),
    actor_kind: p('kind'),
    subject: p('subject'),
    type: p('type'),
    payload: p('payload'),
    prev_hash: p('prevHash'),
    hash: p('hash'),
  }),
);

describe.each(dialectStores('event_log', { secrets: SecretValues.of([SECRET]), poolSize: 6 }))(
  'the event log and its audit reads on %s',
  (_name, open) => {
    let store: DialectStore;
    let events: EventLog;
    let audit: AuditRepository;
    beforeEach(async () => {
      store = await open();
      events = new EventLog(store.runner);
      audit = new AuditRepository(store.runner);
    });
    afterEach(async () => {
      await store.close();
    });

    const note = (n: number, actor = 'U0BOB', kind: ActorKind = 'human', subject = `DEP-2026-000${n % 3}`) =>
      ({ at: minute(n), actor: { id: actor, kind }, subject, type: 'deploy.note', payload: { n } }) as const;
    const verified = async (on: SqlRunner = store.runner) => await verifyAudit(new AuditRepository(on), 4);

    it('appends chained events with the secret values redacted, reads them per subject and counts them', async () => {
      expect(await events.count()).toBe(0);
      expect(await verified()).toEqual({ ok: true, rows: 0, head: { id: 0, hash: GENESIS_HASH } });
      expect(await events.append(note(1))).toBe(1);
      expect(
        await events.append({
          at: minute(2),
          actor: { id: 'shipgate', kind: 'shipgate' },
          subject: 'INC-2026-0001',
          type: 'incident.page_failed',
          payload: { error: `HTTP 401 for ${SECRET}` },
        }),
      ).toBe(2);
      expect(await events.append(note(3))).toBe(3);
      expect(await events.count()).toBe(3);
      expect(await events.forSubject('INC-2026-0001')).toEqual([
        {
          id: 2,
          at: minute(2),
          actor: 'shipgate',
          actorKind: 'shipgate',
          subject: 'INC-2026-0001',
          type: 'incident.page_failed',
          payload: { error: 'HTTP 401 for [redacted]' },
        },
      ]);
      expect((await events.forSubject('DEP-2026-0000')).map((e) => e.id)).toEqual([3]);
      const rows = await audit.chainAfter(Number.NEGATIVE_INFINITY, 10);
      expect(rows.map((r) => r.id)).toEqual([1, 2, 3]);
      expect(rows[0]?.prevHash).toBe(GENESIS_HASH);
      for (const [i, row] of rows.entries()) {
        expect(row.hash).toBe(eventHash(row));
        if (i > 0) expect(row.prevHash).toBe(rows[i - 1]?.hash);
      }
      expect(JSON.stringify(rows)).not.toContain(SECRET);
      expect(await verified()).toEqual({ ok: true, rows: 3, head: { id: 3, hash: rows[2]?.hash } });
    });

    it('keeps one chain through nested transactions, a caught inner failure and a rolled-back transaction', async () => {
      await events.append(note(1));
      await store.runner.transaction(async () => {
        await events.append(note(2));
        await store.runner.transaction(async () => await events.append(note(3)));
        await expect(
          store.runner.transaction(async () => {
            await events.append(note(4));
            throw new Error('inner failed');
          }),
        ).rejects.toThrow('inner failed');
        await events.append(note(5));
      });
      await expect(
        store.runner.transaction(async () => {
          await events.append(note(6));
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(await events.append(note(7))).toBe(5);
      const stored = await audit.chainAfter(0, 10);
      expect(stored.map((r) => JSON.parse(r.payload).n)).toEqual([1, 2, 3, 5, 7]);
      expect(await verified()).toMatchObject({ ok: true, rows: 5, head: { id: 5 } });
    });

    it('never forks when two connections append 24 events at once, some in transactions held across turns', async () => {
      const other = store.connect();
      // One process's SQLite connections would wait on each other's write lock synchronously, so transactions that
      // stay open across turns of the event loop run on PostgreSQL only; hash-chain.test.ts races processes on SQLite.
      const holdsAcrossTurns = store.runner.dialect === 'postgres';
      const appender = async (runner: SqlRunner, actor: string, from: number) => {
        const log = new EventLog(runner);
        for (let n = from; n < from + 6; n += 2) {
          if (holdsAcrossTurns && n % 4 === 0) {
            await runner.transaction(async () => {
              await log.append(note(n, actor));
              await nextTurn();
              await log.append(note(n + 1, actor));
            });
          } else {
            await log.append(note(n, actor));
            await nextTurn();
            await log.append(note(n + 1, actor));
          }
        }
      };
      await Promise.all([
        appender(store.runner, 'U0ANA', 0),
        appender(store.runner, 'U0ANA', 100),
        appender(other.runner, 'U0BEA', 0),
        appender(other.runner, 'U0BEA', 100),
      ]);
      const rows = await audit.chainAfter(0, 100);
      expect(rows).toHaveLength(24);
      expect(rows.filter((r) => r.actor === 'U0ANA')).toHaveLength(12);
      expect(await verified()).toMatchObject({ ok: true, rows: 24, head: { id: 24 } });
      expect(await verified(other.runner)).toMatchObject({ ok: true, rows: 24, head: { id: 24 } });
      await other.close();
    });

    it('lists events by time, actor kind and subject, alone and together, in id order up to the limit', async () => {
      await events.append(note(1, 'U0BOB', 'human', 'DEP-2026-0001'));
      await events.append(note(2, 'shipgate', 'shipgate', 'DEP-2026-0001'));
      await events.append(note(3, 'agent:ci', 'agent', 'INC-2026-0001'));
      await events.append(note(4, 'U0BOB', 'human', 'INC-2026-0001'));
      await events.append(note(5, 'U0BOB', 'human', 'DEP-2026-0001'));
      const ids = async (query: Parameters<AuditRepository['events']>[0]) =>
        (await audit.events(query)).map((e) => e.id);
      expect(await ids({ limit: 10 })).toEqual([1, 2, 3, 4, 5]);
      expect(await ids({ limit: 2 })).toEqual([1, 2]);
      expect(await ids({ since: minute(3), limit: 10 })).toEqual([3, 4, 5]);
      expect(await ids({ actorKind: 'human', limit: 10 })).toEqual([1, 4, 5]);
      expect(await ids({ subject: 'DEP-2026-0001', limit: 10 })).toEqual([1, 2, 5]);
      expect(
        await ids({ since: minute(2), actorKind: 'human', subject: 'DEP-2026-0001', limit: 10 }),
      ).toEqual([5]);
      expect(await ids({ subject: '', limit: 10 })).toEqual([]);
      expect((await audit.events({ actorKind: 'agent', limit: 10 }))[0]).toEqual({
        id: 3,
        at: minute(3),
        actor: 'agent:ci',
        actorKind: 'agent',
        subject: 'INC-2026-0001',
        type: 'deploy.note',
        payload: { n: 3 },
      });
    });

    it('reads the chain in pages, its head, and where a stored hash is found', async () => {
      expect(await audit.head()).toEqual({ id: 0, hash: GENESIS_HASH });
      for (let n = 1; n <= 5; n++) await events.append(note(n));
      const all = await audit.chainAfter(Number.NEGATIVE_INFINITY, 10);
      expect((await audit.chainAfter(Number.NEGATIVE_INFINITY, 2)).map((r) => r.id)).toEqual([1, 2]);
      expect((await audit.chainAfter(2, 2)).map((r) => r.id)).toEqual([3, 4]);
      expect(await audit.chainAfter(5, 2)).toEqual([]);
      expect(await audit.head()).toEqual({ id: 5, hash: all[4]?.hash });
      const third = all[2];
      if (!third?.hash) throw new Error('row 3 has no hash');
      expect(audit.hashOf(third)).toBe(third.hash);
      expect(await audit.idWithHash(third.hash, 0)).toBe(3);
      expect(await audit.idWithHash(third.hash, 3)).toBeUndefined();
      expect(await audit.idWithHash('f'.repeat(64), 0)).toBeUndefined();
    });

    it('finds a forged row that Shipgate then appended after, at the forged row', async () => {
      for (let n = 1; n <= 3; n++) await events.append(note(n));
      const head = await audit.head();
      const forged = {
        id: 40,
        at: minute(9).toISOString(),
        actor: 'U0MALLORY',
        actorKind: 'human',
        subject: 'DEP-2026-0001',
        type: 'deploy.approve',
        payload: '{"role":"engineering-lead"}',
        prevHash: head.hash,
      };
      await store.runner.run(forgeRow, { ...forged, kind: forged.actorKind, hash: eventHash(forged) });
      expect(await events.append(note(4))).toBe(41);
      expect(await verified()).toMatchObject({ ok: false, first: { id: 40, problem: 'inserted' } });
    });

    it('reads one snapshot, so events appended meanwhile by another connection are not half seen', async () => {
      for (let n = 1; n <= 3; n++) await events.append(note(n));
      const other = store.connect();
      await audit.snapshot(async () => {
        const head = await audit.head();
        await new EventLog(other.runner).append(note(4));
        expect(await audit.head()).toEqual(head);
        expect(await audit.chainAfter(0, 10)).toHaveLength(3);
        expect(await audit.events({ limit: 10 })).toHaveLength(3);
      });
      expect(await audit.head()).toMatchObject({ id: 4 });
      expect(await verified()).toMatchObject({ ok: true, rows: 4 });
      await other.close();
    });
  },
);
