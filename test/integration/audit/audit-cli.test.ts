import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/core/actor.js';
import { openDatabase } from '../../../src/store/database.js';
import { EventLog } from '../../../src/store/event-log.js';
import { SqliteRunner } from '../../../src/store/sql/sqlite-runner.js';
import { tempDbPath } from '../../support/test-shipgate.js';

const repo = resolve(import.meta.dirname, '../../..');
const tsx = join(repo, 'node_modules/.bin/tsx');

/** Runs the real CLI in a child process, in a time zone 14 hours ahead of UTC so local time would show. */
function cli(args: string[], db: string) {
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    SHIPGATE_DB: db,
    TZ: 'Pacific/Kiritimati',
  };
  const run = spawnSync(tsx, [join(repo, 'src/cli.ts'), 'audit', ...args], {
    cwd: repo,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const BOB: Actor = { id: 'U0BOB', kind: 'human' };
const SHIPGATE: Actor = { id: 'shipgate', kind: 'shipgate' };
const AGENT: Actor = { id: 'agent:ci', kind: 'agent' };

/** A database with five events around midnight UTC of 24 November, by a person, Shipgate and an agent. */
async function seeded(): Promise<string> {
  const path = tempDbPath('shipgate-audit-cli-');
  const db = openDatabase(path);
  const events = new EventLog(new SqliteRunner(db));
  const add = (at: string, actor: Actor, subject: string, type: string, payload: Record<string, unknown>) =>
    events.append({ at: new Date(at), actor, subject, type, payload });
  await add('2026-11-23T22:00:00Z', BOB, 'DEP-2026-0001', 'deploy.request', { version: '2.5.3' });
  await add('2026-11-23T23:30:00Z', SHIPGATE, 'DEP-2026-0001', 'deploy.validate', { passed: true });
  await add('2026-11-24T00:30:00Z', BOB, 'DEP-2026-0001', 'deploy.approve', {
    role: 'team-lead',
    note: 'looks good',
  });
  await add('2026-11-24T01:00:00Z', AGENT, 'INC-2026-0001', 'incident.note', {});
  await add('2026-11-24T02:00:00Z', SHIPGATE, 'DEP-2026-0001', 'deploy.start', { strategy: 'blue-green' });
  db.close();
  return path;
}

const paths: string[] = [];
const fresh = async () => {
  const path = await seeded();
  paths.push(path);
  return path;
};
/** Opens the file as someone with access to it would, with the append-only triggers lifted. */
function tampered(path: string, sql: string): void {
  const raw = new Database(path);
  raw.exec('DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;');
  raw.exec(sql);
  raw.close();
}

let db: string;
beforeAll(async () => {
  db = await fresh();
});
afterAll(() => {
  for (const path of paths) rmSync(dirname(path), { recursive: true, force: true });
});

describe('npx shipgate audit verify', () => {
  it('prints OK with the count and the head, and exits 0', () => {
    const run = cli(['verify'], db);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^OK: 5 events verify\nhead: event 5 [0-9a-f]{64}\n$/);
    const json = cli(['verify', '--json'], db);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, rows: 5, head: { id: 5 } });
  });

  it('prints FAIL with the id and time of the first event that does not verify, and exits 1', async () => {
    const edited = await fresh();
    tampered(edited, `UPDATE events SET payload = '{"role":"engineering-lead"}' WHERE id = 3`);
    const run = cli(['verify'], edited);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      'FAIL: event 3 at 2026-11-24T00:30:00.000Z was edited: its stored hash does not match its contents (checked 3 events)\n',
    );
    const deleted = await fresh();
    tampered(deleted, 'DELETE FROM events WHERE id = 2');
    const gone = cli(['verify', '--json'], deleted);
    expect(gone.code).toBe(1);
    expect(JSON.parse(gone.stdout)).toEqual({
      ok: false,
      rows_checked: 2,
      first: {
        id: 2,
        at: '2026-11-24T00:30:00.000Z',
        when: 'before',
        problem: 'deleted',
        detail: 'no event has id 2, and event 3 does not chain to event 1',
      },
    });
  });

  it('exits 2 without a database, with one that is not SQLite, and with listing filters', () => {
    const missing = cli(['verify'], join(dirname(db), 'none.db'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no Shipgate database at');
    const junk = join(dirname(db), 'junk.db');
    writeFileSync(junk, 'not a database, just text that is long enough to look like a header or two');
    const unreadable = cli(['verify'], junk);
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toContain('cannot read');
    const filtered = cli(['verify', '--since', '2026-11-24'], db);
    expect(filtered.code).toBe(2);
    expect(filtered.stderr).toContain('--since apply only to the listing');
  });
});

describe('npx shipgate audit', () => {
  it('prints one line per event, oldest first: time in UTC, actor (kind), subject, type, payload', () => {
    const run = cli([], db);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')).toEqual([
      '2026-11-23T22:00:00.000Z U0BOB (human) DEP-2026-0001 deploy.request version=2.5.3',
      '2026-11-23T23:30:00.000Z shipgate (shipgate) DEP-2026-0001 deploy.validate passed=true',
      '2026-11-24T00:30:00.000Z U0BOB (human) DEP-2026-0001 deploy.approve role=team-lead note="looks good"',
      '2026-11-24T01:00:00.000Z agent:ci (agent) INC-2026-0001 incident.note',
      '2026-11-24T02:00:00.000Z shipgate (shipgate) DEP-2026-0001 deploy.start strategy=blue-green',
      '',
    ]);
  });

  it('reads --since as UTC: a bare date is 00:00 UTC, a date-time carries its offset', () => {
    const day = cli(['--since', '2026-11-24', '--json'], db);
    expect(day.code).toBe(0);
    expect(
      day.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).id),
    ).toEqual([3, 4, 5]);
    const offset = cli(['--since', '2026-11-24T00:30+01:00'], db);
    expect(offset.stdout.trim().split('\n')).toHaveLength(4);
    const local = cli(['--since', '2026-11-24T00:00'], db);
    expect(local.code).toBe(2);
    expect(local.stderr).toContain('ISO date-time with its offset');
  });

  it('filters by --actor-kind and --subject, and together', () => {
    expect(cli(['--actor-kind', 'shipgate'], db).stdout.trim().split('\n')).toEqual([
      '2026-11-23T23:30:00.000Z shipgate (shipgate) DEP-2026-0001 deploy.validate passed=true',
      '2026-11-24T02:00:00.000Z shipgate (shipgate) DEP-2026-0001 deploy.start strategy=blue-green',
    ]);
    expect(cli(['--subject', 'INC-2026-0001'], db).stdout).toBe(
      '2026-11-24T01:00:00.000Z agent:ci (agent) INC-2026-0001 incident.note\n',
    );
    const both = cli(
      ['--subject', 'DEP-2026-0001', '--actor-kind', 'human', '--since', '2026-11-24', '--json'],
      db,
    );
    expect(JSON.parse(both.stdout)).toEqual({
      id: 3,
      at: '2026-11-24T00:30:00.000Z',
      actor: 'U0BOB',
      actor_kind: 'human',
      subject: 'DEP-2026-0001',
      type: 'deploy.approve',
      payload: { role: 'team-lead', note: 'looks good' },
    });
    const bad = cli(['--actor-kind', 'robot'], db);
    expect(bad.code).toBe(2);
  });

  it('stops at --limit and says so on stderr', () => {
    const run = cli(['--limit', '2'], db);
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(2);
    expect(run.stderr).toContain('showing the first 2 matching events');
    expect(cli(['--limit', '0'], db).code).toBe(2);
  });
});
