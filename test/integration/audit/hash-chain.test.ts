import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '../../../src/core/audit/canonical-event.js';
import { verifyAudit } from '../../../src/services/audit/verify-audit.js';
import { AuditRepository } from '../../../src/store/audit-repository.js';
import { type Db, openDatabase } from '../../../src/store/database.js';
import { eventHash } from '../../../src/store/event-hash.js';
import { EventLog } from '../../../src/store/event-log.js';
import { migrations } from '../../../src/store/migrations.js';
import { SqliteRunner } from '../../../src/store/sql/sqlite-runner.js';
import { tempDbPath } from '../../support/test-shipgate.js';

const FIXTURE = fileURLToPath(new URL('../../fixtures/append-events.ts', import.meta.url));
const T0 = Date.UTC(2026, 10, 24, 10, 0, 0);
const minute = (n: number) => new Date(T0 + n * 60_000);

interface Row {
  id: number;
  at: string;
  actor: string;
  actor_kind: string;
  subject: string;
  type: string;
  payload: string;
  prev_hash: string | null;
  hash: string | null;
}

let path: string;
let db: Db;
let runner: SqliteRunner;
let events: EventLog;
let tamper: Database.Database;

beforeEach(() => {
  path = tempDbPath('shipgate-chain-');
  db = openDatabase(path);
  runner = new SqliteRunner(db);
  events = new EventLog(runner);
  tamper = new Database(path);
  tamper.pragma('busy_timeout = 5000');
});
afterEach(() => {
  tamper.close();
  db.close();
  rmSync(dirname(path), { recursive: true, force: true });
});

async function append(count: number, from = 1): Promise<void> {
  for (let n = from; n < from + count; n++)
    await events.append({
      at: minute(n),
      actor: n % 3 ? { id: 'U0BOB', kind: 'human' } : { id: 'shipgate', kind: 'shipgate' },
      subject: `DEP-2026-000${n % 4}`,
      type: 'deploy.note',
      payload: { n, note: `event ${n}` },
    });
}

/** Verifies through a fresh repository, 3 rows a batch, so every walk crosses batch boundaries. */
const verify = async () => await verifyAudit(new AuditRepository(new SqliteRunner(db)), 3);
const broken = async () => {
  const verdict = await verify();
  if (verdict.ok) throw new Error(`expected a break, got ${JSON.stringify(verdict)}`);
  return {
    id: verdict.first.id,
    problem: verdict.first.problem,
    when: verdict.first.when,
    at: verdict.first.at,
  };
};
const row = (id: number) => tamper.prepare<[number], Row>('SELECT * FROM events WHERE id = ?').get(id) as Row;
const rows = () => tamper.prepare<[], Row>('SELECT * FROM events ORDER BY id').all();
const hashOf = (r: Row) => eventHash({ ...r, actorKind: r.actor_kind, prevHash: r.prev_hash });

/** What someone with the file can do: lift the append-only triggers (and the head's, if asked). */
function liftTriggers(head = false): void {
  tamper.exec('DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;');
  if (head) tamper.exec('DROP TRIGGER events_move_head;');
}

/** A forged row at `id`, chained to `prevHash` with a correct hash: the forger knows the algorithm. */
function forge(id: number, prevHash: string, n = 99): void {
  const fields = {
    id,
    at: minute(n).toISOString(),
    actor: 'U0MALLORY',
    actorKind: 'human',
    subject: 'DEP-2026-0001',
    type: 'deploy.approve',
    payload: '{"role":"engineering-lead"}',
    prevHash,
  };
  tamper
    .prepare(
      'INSERT INTO events (id, at, actor, actor_kind, subject, type, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    )
    .run(
      id,
      fields.at,
      fields.actor,
      fields.actorKind,
      fields.subject,
      fields.type,
      fields.payload,
      prevHash,
      eventHash(fields),
    );
}

describe('the hash chain on a real SQLite file', () => {
  it('chains every append to the one before, from the genesis value, and verifies', async () => {
    await append(10);
    const stored = rows();
    expect(stored.map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(stored[0]?.prev_hash).toBe(GENESIS_HASH);
    for (const [i, r] of stored.entries()) {
      expect(r.hash).toBe(hashOf(r));
      if (i > 0) expect(r.prev_hash).toBe(stored[i - 1]?.hash);
    }
    expect(await verify()).toEqual({ ok: true, rows: 10, head: { id: 10, hash: stored[9]?.hash } });
  });

  it('verifies an empty log', async () => {
    expect(await verify()).toEqual({ ok: true, rows: 0, head: { id: 0, hash: GENESIS_HASH } });
  });

  it('stays one chain across connections, nested transactions and a rolled-back transaction', async () => {
    const other = openDatabase(path);
    const otherRunner = new SqliteRunner(other);
    const otherEvents = new EventLog(otherRunner);
    try {
      await append(2);
      await otherEvents.append({
        at: minute(3),
        actor: { id: 'U0ALICE', kind: 'human' },
        subject: 's',
        type: 't',
      });
      await runner.transaction(async () => {
        await append(1, 4);
        await runner.transaction(() => append(1, 5));
      });
      await expect(
        otherRunner.transaction(async () => {
          await otherEvents.append({
            at: minute(6),
            actor: { id: 'U0ALICE', kind: 'human' },
            subject: 's',
            type: 't',
          });
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      await append(1, 7);
      await otherEvents.append({
        at: minute(8),
        actor: { id: 'U0ALICE', kind: 'human' },
        subject: 's',
        type: 't',
      });
    } finally {
      other.close();
    }
    expect(rows().map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(await verify()).toMatchObject({ ok: true, rows: 7 });
  });

  it('never forks when three processes append to the same file at once', async () => {
    const procs = ['U0A', 'U0B', 'U0C'].map((actor) =>
      spawn(process.execPath, ['--import', 'tsx', FIXTURE, path, actor, '600'], {
        stdio: ['pipe', 'pipe', 'inherit'],
      }),
    );
    const said = (proc: (typeof procs)[number], word: string) =>
      new Promise<void>((resolve, reject) => {
        proc.once('exit', (code) => reject(new Error(`exited ${code} before ${word}`)));
        createInterface({ input: proc.stdout }).on('line', (line) => line === word && resolve());
      });
    const done = procs.map((p) => said(p, 'done'));
    await Promise.all(procs.map((p) => said(p, 'ready')));
    for (const p of procs) p.stdin.write('go\n');
    await Promise.all(done);
    const actors = rows().map((r) => r.actor);
    expect(actors).toHaveLength(1800);
    const switches = actors.filter((actor, i) => i > 0 && actor !== actors[i - 1]).length;
    expect(switches).toBeGreaterThan(2);
    expect(await verify()).toMatchObject({ ok: true, rows: 1800 });
  }, 60_000);

  it('reads one snapshot, so events appended while it walks are not half seen', async () => {
    await append(3);
    const audit = new AuditRepository(runner);
    const writer = openDatabase(path);
    try {
      await audit.snapshot(async () => {
        const head = await audit.head();
        await new EventLog(new SqliteRunner(writer)).append({
          at: minute(4),
          actor: { id: 'U0ALICE', kind: 'human' },
          subject: 's',
          type: 't',
        });
        expect(await audit.head()).toEqual(head);
        expect(await audit.chainAfter(0, 10)).toHaveLength(3);
      });
    } finally {
      writer.close();
    }
    expect(await verify()).toMatchObject({ ok: true, rows: 4 });
  });

  it('keeps the triggers: the file itself refuses updates, deletes and rows written around the chain', async () => {
    await append(3);
    expect(() => tamper.exec("UPDATE events SET payload = '{}' WHERE id = 2")).toThrow('append-only');
    expect(() => tamper.exec('DELETE FROM events WHERE id = 3')).toThrow('append-only');
    expect(() =>
      tamper.exec(
        "INSERT INTO events (at, actor, actor_kind, subject, type) VALUES ('x', 'U0M', 'human', 's', 't')",
      ),
    ).toThrow(/NOT NULL/);
    expect(() => tamper.exec('UPDATE events_head SET last_id = 1')).toThrow('only moves forward');
    expect(await verify()).toMatchObject({ ok: true, rows: 3 });
  });
});

describe('verify finds tampering by someone with the file', () => {
  beforeEach(async () => await append(6));

  it('(a) an edited payload, at the edited row', async () => {
    liftTriggers();
    tamper.exec(`UPDATE events SET payload = '{"n":3,"note":"nothing to see"}' WHERE id = 3`);
    expect(await broken()).toEqual({ id: 3, problem: 'edited', when: 'at', at: minute(3).toISOString() });
  });

  it('(a) an edited row whose hash was recomputed, at that row (its successor still chains to the original)', async () => {
    liftTriggers();
    tamper.exec(`UPDATE events SET actor = 'U0MALLORY' WHERE id = 3`);
    tamper.prepare('UPDATE events SET hash = ? WHERE id = 3').run(hashOf(row(3)));
    expect(await broken()).toMatchObject({ id: 3, problem: 'edited' });
  });

  it('(b) a forged row put between two others (later ids moved up), at the forged row', async () => {
    liftTriggers(true);
    tamper.exec(
      'UPDATE events SET id = id + 1000 WHERE id > 3; UPDATE events SET id = id - 999 WHERE id > 1000;',
    );
    forge(4, row(3).hash as string);
    expect(rows().map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(await broken()).toMatchObject({ id: 4, problem: 'inserted' });
  });

  it('(b) a forged row at a made-up id that Shipgate then appended after, at the forged row', async () => {
    forge(40, row(6).hash as string);
    await append(1, 7);
    expect(rows().map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6, 40, 41]);
    expect(await broken()).toMatchObject({ id: 40, problem: 'inserted' });
  });

  it('(b) a forged row appended without moving the head, at the forged row', async () => {
    liftTriggers(true);
    forge(7, row(6).hash as string);
    expect(await broken()).toMatchObject({ id: 7, problem: 'inserted' });
  });

  it('(b) a deleted row re-inserted with other contents is an edit of that row: ids and chain cannot tell them apart', async () => {
    liftTriggers(true);
    const prev = row(2).hash as string;
    tamper.exec('DELETE FROM events WHERE id = 3');
    forge(3, prev);
    expect(await broken()).toMatchObject({ id: 3, problem: 'edited' });
  });

  it('(c) a deleted middle row, by its id, dated before the event after the gap', async () => {
    liftTriggers();
    tamper.exec('DELETE FROM events WHERE id IN (3, 4)');
    expect(await broken()).toEqual({
      id: 3,
      problem: 'deleted',
      when: 'before',
      at: minute(5).toISOString(),
    });
  });

  it('(d) a deleted last row, from the chain head, dated after the last event left', async () => {
    liftTriggers();
    tamper.exec('DELETE FROM events WHERE id = 6');
    expect(await broken()).toEqual({ id: 6, problem: 'deleted', when: 'after', at: minute(5).toISOString() });
  });

  it('(d) a deleted last row stays found after Shipgate appends again (the next row chains to the head)', async () => {
    liftTriggers();
    tamper.exec('DELETE FROM events WHERE id = 6');
    await append(1, 7);
    expect(rows().map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 7]);
    expect(await broken()).toMatchObject({ id: 6, problem: 'deleted', when: 'before' });
  });

  it('(d) every row deleted, from the chain head', async () => {
    liftTriggers();
    tamper.exec('DELETE FROM events');
    expect(await broken()).toEqual({ id: 1, problem: 'deleted', when: 'after', at: undefined });
  });

  it('an edited and re-hashed last row, from the chain head', async () => {
    liftTriggers();
    tamper.exec(`UPDATE events SET payload = '{}' WHERE id = 6`);
    tamper.prepare('UPDATE events SET hash = ? WHERE id = 6').run(hashOf(row(6)));
    expect(await broken()).toMatchObject({ id: 6, problem: 'edited' });
  });

  it('two rows swapped, at the first of them', async () => {
    liftTriggers();
    tamper.exec(
      'UPDATE events SET id = -3 WHERE id = 3; UPDATE events SET id = 3 WHERE id = 4; UPDATE events SET id = 4 WHERE id = -3;',
    );
    expect(await broken()).toMatchObject({ id: 3, problem: 'reordered' });
  });

  it('a row with its chain columns emptied, as written around Shipgate', async () => {
    liftTriggers();
    tamper.exec('UPDATE events SET prev_hash = NULL, hash = NULL WHERE id = 4');
    expect(await broken()).toMatchObject({ id: 4, problem: 'inserted' });
  });

  it('cannot find a rewrite of the chain and the head from a row onward: only a head noted elsewhere shows it', async () => {
    const noted = await verify();
    liftTriggers();
    tamper.exec('DROP TRIGGER events_head_forward_only');
    tamper.exec(`UPDATE events SET payload = '{}' WHERE id = 4`);
    let prev = row(3).hash as string;
    for (const id of [4, 5, 6]) {
      tamper.prepare('UPDATE events SET prev_hash = ? WHERE id = ?').run(prev, id);
      prev = hashOf(row(id));
      tamper.prepare('UPDATE events SET hash = ? WHERE id = ?').run(prev, id);
    }
    tamper.prepare('UPDATE events_head SET hash = ?').run(prev);
    const rewritten = await verify();
    expect(rewritten).toMatchObject({ ok: true, rows: 6 });
    expect(rewritten.ok && noted.ok && rewritten.head.hash !== noted.head.hash).toBe(true);
  });
});

describe('the migration that chains legacy rows', () => {
  it('fills prev_hash and hash in id order, starts the head, keeps the triggers, and appends continue the chain', async () => {
    const legacyPath = tempDbPath('shipgate-legacy-');
    const legacy = new Database(legacyPath);
    const chainStep = migrations.findIndex((m) => typeof m === 'function');
    for (const [version, step] of migrations.slice(0, chainStep).entries()) {
      legacy.exec(step as string);
      legacy.pragma(`user_version = ${version + 1}`);
    }
    const insert = legacy.prepare(
      'INSERT INTO events (at, actor, actor_kind, subject, type, payload) VALUES (?, ?, ?, ?, ?, ?)',
    );
    legacy.transaction(() => {
      for (let n = 1; n <= 2500; n++)
        insert.run(
          minute(n).toISOString(),
          'U0BOB',
          'human',
          `DEP-2026-${n % 7}`,
          'deploy.note',
          `{"n":${n}}`,
        );
    })();
    expect(legacy.prepare('SELECT count(*) AS n FROM events WHERE hash IS NULL').get()).toEqual({ n: 2500 });
    legacy.close();

    const migrated = openDatabase(legacyPath);
    try {
      expect(migrated.pragma('user_version', { simple: true })).toBe(migrations.length);
      const stored = migrated.prepare<[], Row>('SELECT * FROM events ORDER BY id').all();
      expect(stored[0]?.prev_hash).toBe(GENESIS_HASH);
      for (const [i, r] of stored.entries()) {
        expect(r.hash).toBe(hashOf(r));
        if (i > 0) expect(r.prev_hash).toBe(stored[i - 1]?.hash);
      }
      expect(() => migrated.exec(`UPDATE events SET payload = '{}' WHERE id = 1`)).toThrow('append-only');
      const migratedRunner = new SqliteRunner(migrated);
      await new EventLog(migratedRunner).append({
        at: minute(2501),
        actor: { id: 'U0ALICE', kind: 'human' },
        subject: 's',
        type: 't',
      });
      expect(await verifyAudit(new AuditRepository(migratedRunner), 1000)).toMatchObject({
        ok: true,
        rows: 2501,
        head: { id: 2501 },
      });
    } finally {
      migrated.close();
      rmSync(dirname(legacyPath), { recursive: true, force: true });
    }
  });
});
