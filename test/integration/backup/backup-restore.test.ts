import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupDatabase } from '../../../src/cli/backup.js';
import { inspectDatabase } from '../../../src/cli/inspect-database.js';
import { restoreDatabase } from '../../../src/cli/restore.js';
import { PagerDutyStandIn } from '../../../src/sandbox/pagerduty/pagerduty-stand-in.js';
import { SlackStandIn } from '../../../src/sandbox/slack-stand-in.js';
import { openDatabase } from '../../../src/store/database.js';
import { EventLog } from '../../../src/store/event-log.js';
import { migrations } from '../../../src/store/migrations.js';
import { SqliteRunner } from '../../../src/store/sql/sqlite-runner.js';
import { type DeployHarness, startDeployHarness } from '../../support/deploy-harness.js';
import { seedProductionVersion } from '../../support/deploy-history.js';
import { ShipgateChildren } from '../../support/shipgate-child.js';
import { tempDbPath } from '../../support/test-shipgate.js';

const run = promisify(execFile);
const NOW = new Date('2026-11-24T10:00:00Z');
const dir = mkdtempSync(join(tmpdir(), 'shipgate-backups-'));
const at = (name: string) => join(dir, name);
const noEnv: NodeJS.ProcessEnv = {};

let slack: SlackStandIn;
let pagerduty: PagerDutyStandIn;
let h: DeployHarness;
let deployIds: string[];
let incidentIds: string[];

/** Every row of a table, in rowid order: what a round trip must keep exactly. */
const rows = (path: string, table: string): unknown[] => {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all();
  } finally {
    db.close();
  }
};
const TABLES = ['deploys', 'incidents', 'events', 'events_head', 'releases', 'timers'];

beforeAll(async () => {
  slack = await SlackStandIn.start({ seed: true });
  pagerduty = await PagerDutyStandIn.start();
  h = await startDeployHarness({ slack, pagerduty, dbPath: at('live.db') });
  await seedProductionVersion(h, 'checkout', '2.5.3', 'blue');
  const planned = /DEP-\d{4}-\d{4}/.exec(await h.deploy('U0ALICE', 'checkout 2.5.4'))?.[0];
  for (const text of ['declare SEV-2 Checkout errors --service checkout', 'declare SEV-3 Search is slow']) {
    await slack.command({ user: 'U0BOB', command: '/incident', text, channel: 'C0DEPLOYS' });
    await h.settle();
  }
  const live = new Database(h.dbPath, { readonly: true });
  deployIds = live
    .prepare<[], { id: string }>('SELECT id FROM deploys ORDER BY id')
    .all()
    .map((r) => r.id);
  incidentIds = live
    .prepare<[], { id: string }>('SELECT id FROM incidents ORDER BY id')
    .all()
    .map((r) => r.id);
  live.close();
  expect(deployIds).toContain(planned);
}, 60_000);

afterAll(async () => {
  await h.stop();
  await slack.stop();
  await pagerduty.stop();
});

describe('shipgate backup', () => {
  it('copies a live database with deploys and incidents, consistently, while another process appends to it', async () => {
    expect(deployIds.length).toBeGreaterThanOrEqual(2);
    expect(incidentIds).toHaveLength(2);
    const before = (await inspectDatabase(h.dbPath)).events;
    const appender = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/fixtures/append-events.ts', h.dbPath, 'U0APPENDER', '4000'],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    const exited = once(appender, 'exit');
    const lines = createInterface({ input: appender.stdout as NodeJS.ReadableStream });
    const said = (word: string) =>
      new Promise<void>((done) => lines.on('line', (line) => line === word && done()));
    const ready = said('ready');
    const done = said('done');
    await ready;
    appender.stdin?.end('go\n');
    const counted = () => {
      const db = new Database(h.dbPath, { readonly: true });
      try {
        return (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
      } finally {
        db.close();
      }
    };
    while (counted() < before + 100) await new Promise((r) => setTimeout(r, 5));

    const outcome = await backupDatabase({ file: at('mid-write.db') }, { SHIPGATE_DB: h.dbPath });
    await done;
    await exited;

    expect(outcome.stderr).toBe('');
    expect(outcome.exitCode).toBe(0);
    expect(outcome.stdout).toMatch(
      new RegExp(
        `^Backed up ${h.dbPath} to ${at('mid-write.db')}: .*, schema version ${migrations.length}, `,
      ),
    );
    expect(outcome.stdout).toContain(`${deployIds.length} deploys, 2 incidents`);
    expect(outcome.stdout).toContain('audit chain verified');
    const copy = await inspectDatabase(at('mid-write.db'));
    expect(copy.audit.ok).toBe(true);
    expect(copy.events).toBeGreaterThanOrEqual(before + 100);
    expect(copy.events).toBeLessThan(before + 4000);
    expect(counted()).toBe(before + 4000);
    expect(rows(at('mid-write.db'), 'deploys')).toEqual(rows(h.dbPath, 'deploys'));
    expect(rows(at('mid-write.db'), 'incidents')).toEqual(rows(h.dbPath, 'incidents'));
    expect(existsSync(`${at('mid-write.db')}-wal`)).toBe(false);
  }, 60_000);

  it('leaves out what another connection has not committed, without waiting for it', async () => {
    const writer = openDatabase(h.dbPath);
    const log = new EventLog(new SqliteRunner(writer));
    const committed = (await inspectDatabase(h.dbPath)).events;
    writer.exec('BEGIN IMMEDIATE');
    await log.append({
      at: NOW,
      actor: { id: 'U0WRITER', kind: 'human' },
      subject: 'DEP-2026-0099',
      type: 'deploy.note',
      payload: {},
    });
    const outcome = await backupDatabase({ file: at('uncommitted.db') }, { SHIPGATE_DB: h.dbPath });
    writer.exec('COMMIT');
    writer.close();
    expect(outcome.exitCode).toBe(0);
    expect((await inspectDatabase(at('uncommitted.db'))).events).toBe(committed);
    expect((await inspectDatabase(h.dbPath)).events).toBe(committed + 1);
  });

  it('refuses to replace an existing file without --force, and replaces it with', async () => {
    writeFileSync(at('taken.db'), 'keep me');
    const refused = await backupDatabase({ file: at('taken.db'), db: h.dbPath }, noEnv);
    expect(refused).toEqual({
      exitCode: 2,
      stdout: '',
      stderr: `shipgate backup: ${at('taken.db')} already exists; add --force to replace it\n`,
    });
    expect(readFileSync(at('taken.db'), 'utf8')).toBe('keep me');
    const forced = await backupDatabase({ file: at('taken.db'), db: h.dbPath, force: true }, noEnv);
    expect(forced.exitCode).toBe(0);
    expect((await inspectDatabase(at('taken.db'))).deploys).toBe(deployIds.length);
  });

  it('says what is wrong with a missing database or a copy onto itself', async () => {
    expect(await backupDatabase({ file: at('x.db') }, { SHIPGATE_DB: at('missing.db') })).toEqual({
      exitCode: 2,
      stdout: '',
      stderr: `shipgate backup: no Shipgate database at ${at('missing.db')} (set --db or SHIPGATE_DB)\n`,
    });
    expect((await backupDatabase({ file: h.dbPath, db: h.dbPath }, noEnv)).exitCode).toBe(2);
    expect(existsSync(at('x.db'))).toBe(false);
  });

  it('is `npx shipgate backup <file>`, on SHIPGATE_DB by default', async () => {
    const { stdout } = await run(process.execPath, [resolve('src/bin.js'), 'backup', at('cli.db')], {
      env: { ...process.env, SHIPGATE_DB: h.dbPath },
    });
    expect(stdout).toMatch(/^Backed up .* audit chain verified/);
    expect((await inspectDatabase(at('cli.db'))).incidents).toBe(2);
  });
});

describe('shipgate restore', () => {
  let backup: string;
  beforeAll(async () => {
    backup = at('round-trip.db');
    expect((await backupDatabase({ file: backup, db: h.dbPath }, noEnv)).exitCode).toBe(0);
  });

  it('restores into another path: the same rows, the same audit chain, and a Shipgate that starts on it', async () => {
    const target = at('restored/shipgate.db');
    const outcome = await restoreDatabase({ file: backup, yes: true, now: NOW }, { SHIPGATE_DB: target });
    expect(outcome.stderr).toBe('');
    expect(outcome.exitCode).toBe(0);
    expect(outcome.stdout).toMatch(new RegExp(`^Restored ${target} from ${backup}: .* audit chain verified`));
    for (const table of TABLES) expect(rows(target, table), table).toEqual(rows(backup, table));
    const [restored, original] = [await inspectDatabase(target), await inspectDatabase(backup)];
    expect(restored).toEqual({ ...original, bytes: restored.bytes });
    expect(restored.audit.ok && original.audit.ok && restored.audit.head).toEqual(
      original.audit.ok && original.audit.head,
    );

    const again = await startDeployHarness({ dbPath: target });
    try {
      for (const id of deployIds) expect(await again.record(id)).toEqual(await h.record(id));
      for (const id of incidentIds)
        expect(await again.shipgate.runtime.incidents.get(id)).toEqual(
          await h.shipgate.runtime.incidents.get(id),
        );
    } finally {
      await again.stop();
    }
  });

  it('refuses while a Shipgate has the database open, in this process or another, and changes nothing', async () => {
    const size = statSync(h.dbPath).size;
    const here = await restoreDatabase({ file: backup, db: h.dbPath, yes: true, now: NOW }, noEnv);
    expect(here.exitCode).toBe(1);
    expect(here.stderr).toBe(
      `shipgate restore: refusing: ${h.dbPath} is open in another process — a running Shipgate (or the sandbox, or a shipgate command reading it); stop it first\n`,
    );
    expect(statSync(h.dbPath).size).toBe(size);
    expect(existsSync(`${h.dbPath}.before-restore-20261124T100000Z`)).toBe(false);

    const children = new ShipgateChildren(slack);
    const path = tempDbPath('shipgate-restore-busy-');
    try {
      const child: ChildProcess = await children.start(path);
      expect(child.exitCode).toBeNull();
      const there = await restoreDatabase({ file: backup, db: path, yes: true, now: NOW }, noEnv);
      expect(there.exitCode).toBe(1);
      expect(there.stderr).toContain('is open in another process');
    } finally {
      children.killAll();
    }
  }, 30_000);

  it('replaces a stopped database after asking, keeping the old file as <db>.before-restore-<time>', async () => {
    const target = at('stopped.db');
    const other = await startDeployHarness({ dbPath: target });
    await seedProductionVersion(other, 'checkout', '9.9.9', 'green');
    await other.stop();
    const old = await inspectDatabase(target);
    expect(old.deploys).toBe(1);

    const env = { SHIPGATE_DB: target };
    expect(await restoreDatabase({ file: backup, now: NOW }, env)).toEqual({
      exitCode: 1,
      stdout: '',
      stderr: `shipgate restore: not a terminal, so nothing was asked or changed: add --yes to restore ${backup}\n`,
    });
    const questions: string[] = [];
    const no = await restoreDatabase(
      {
        file: backup,
        now: NOW,
        ask: async (q) => {
          questions.push(q);
          return 'n';
        },
      },
      env,
    );
    expect(no.stderr).toBe('shipgate restore: nothing was changed\n');
    expect((await inspectDatabase(target)).deploys).toBe(1);
    expect(questions[0]).toContain(`Replace ${target} (1 deploys, 0 incidents, `);
    expect(questions[0]).toContain(`with ${backup} (`);
    expect(questions[0]).toContain(
      `The current file is kept as ${target}.before-restore-20261124T100000Z. [y/N] `,
    );

    const yes = await restoreDatabase({ file: backup, now: NOW, ask: async () => 'y' }, env);
    expect(yes.exitCode).toBe(0);
    expect(yes.stdout).toContain(
      `The previous database is kept as ${target}.before-restore-20261124T100000Z.`,
    );
    expect((await inspectDatabase(target)).deploys).toBe(deployIds.length);
    expect((await inspectDatabase(target)).incidents).toBe(2);
    const kept = await inspectDatabase(`${target}.before-restore-20261124T100000Z`);
    expect({ ...kept, bytes: 0 }).toEqual({ ...old, bytes: 0 });
    for (const suffix of ['-wal', '-shm']) expect(existsSync(`${target}${suffix}`), suffix).toBe(false);
  }, 30_000);

  it('replaces a database that is no longer one (nothing can run on it), moving it aside', async () => {
    const target = at('garbage.db');
    writeFileSync(target, Buffer.alloc(8192, 0x5a));
    const outcome = await restoreDatabase({ file: backup, db: target, yes: true, now: NOW }, noEnv);
    expect(outcome.exitCode).toBe(0);
    expect(readFileSync(`${target}.before-restore-20261124T100000Z`)).toEqual(Buffer.alloc(8192, 0x5a));
    expect((await inspectDatabase(target)).deploys).toBe(deployIds.length);
  });

  describe('refuses a backup it cannot trust, leaving the database alone', () => {
    const target = at('untouched.db');
    const refused = async (file: string) => {
      const outcome = await restoreDatabase({ file, db: target, yes: true, now: NOW }, noEnv);
      expect(outcome.exitCode).toBe(1);
      expect(existsSync(target)).toBe(false);
      return outcome.stderr;
    };

    it('a file that is not a database', async () => {
      writeFileSync(at('noise.db'), Buffer.alloc(8192, 0x5a));
      expect(await refused(at('noise.db'))).toContain(
        `shipgate restore: refusing: ${at('noise.db')} is not a usable SQLite database: file is not a database`,
      );
    });

    it('a database with a damaged page', async () => {
      const damaged = at('damaged.db');
      expect((await backupDatabase({ file: damaged, db: backup }, noEnv)).exitCode).toBe(0);
      const pageSize = 4096;
      const pages = statSync(damaged).size / pageSize;
      const fd = openSync(damaged, 'r+');
      writeSync(fd, Buffer.alloc(pageSize, 0xab), 0, pageSize, (pages - 2) * pageSize);
      writeSync(fd, Buffer.alloc(pageSize, 0xab), 0, pageSize, Math.floor(pages / 2) * pageSize);
      expect(await refused(damaged)).toMatch(
        /refusing: .*damaged\.db (fails SQLite's integrity check|is not a usable)/,
      );
    });

    it('a database whose audit chain was edited', async () => {
      const edited = at('edited.db');
      expect((await backupDatabase({ file: edited, db: backup }, noEnv)).exitCode).toBe(0);
      const db = new Database(edited);
      db.exec('DROP TRIGGER events_no_update');
      db.prepare('UPDATE events SET payload = \'{"edited":true}\' WHERE id = 3').run();
      db.close();
      expect(await refused(edited)).toContain(
        `shipgate restore: refusing: the audit chain in ${edited} does not verify (event 3 was edited)`,
      );
    });

    it('a database from a newer Shipgate', async () => {
      const newer = at('newer.db');
      expect((await backupDatabase({ file: newer, db: backup }, noEnv)).exitCode).toBe(0);
      const db = new Database(newer);
      db.pragma(`user_version = ${migrations.length + 1}`);
      db.close();
      expect(await refused(newer)).toContain(
        `is at schema version ${migrations.length + 1}, newer than this Shipgate's ${migrations.length}`,
      );
    });
  });
});
