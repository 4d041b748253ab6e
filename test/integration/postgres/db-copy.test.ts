import { execFile } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyDatabaseToPostgres } from '../../../src/cli/db-copy.js';
import { PagerDutyStandIn } from '../../../src/sandbox/pagerduty/pagerduty-stand-in.js';
import { SlackStandIn } from '../../../src/sandbox/slack-stand-in.js';
import { verifyAudit } from '../../../src/services/audit/verify-audit.js';
import { AuditRepository } from '../../../src/store/audit-repository.js';
import { openDatabase } from '../../../src/store/database.js';
import { DeployRepository } from '../../../src/store/deploy-repository.js';
import { EventLog } from '../../../src/store/event-log.js';
import { IncidentRepository } from '../../../src/store/incident-repository.js';
import { createPostgresPool } from '../../../src/store/postgres/postgres-pool.js';
import { PostgresRunner } from '../../../src/store/postgres/postgres-runner.js';
import { SqliteRunner } from '../../../src/store/sql/sqlite-runner.js';
import { type DeployHarness, startDeployHarness } from '../../support/deploy-harness.js';
import { seedProductionVersion } from '../../support/deploy-history.js';
import { type FreshSchema, freshSchema, missingPostgres } from '../../support/postgres.js';
import { tempDbPath } from '../../support/test-shipgate.js';

const run = promisify(execFile);

/** Every table's rows on SQLite, keyed by table, in primary-key order: what the copy must carry over exactly. */
const TABLES = ['deploys', 'deploy_approvals', 'incidents', 'events', 'timers', 'counters', 'slack_messages'];

describe.skipIf(missingPostgres())('shipgate db copy (SQLite → PostgreSQL)', () => {
  let slack: SlackStandIn;
  let pagerduty: PagerDutyStandIn;
  let h: DeployHarness;
  let dbPath: string;
  let target: FreshSchema;

  beforeAll(async () => {
    slack = await SlackStandIn.start({ seed: true });
    pagerduty = await PagerDutyStandIn.start();
    dbPath = tempDbPath('shipgate-db-copy-');
    h = await startDeployHarness({ slack, pagerduty, dbPath });
    await seedProductionVersion(h, 'checkout', '2.5.3', 'blue');
    await h.deploy('U0ALICE', 'checkout 2.5.4');
    for (const text of [
      'declare SEV-2 Checkout errors --service checkout',
      'declare SEV-3 <!channel> is slow',
    ]) {
      await slack.command({ user: 'U0BOB', command: '/incident', text, channel: 'C0DEPLOYS' });
      await h.settle();
    }
    await h.stop();
    target = await freshSchema('db_copy');
  }, 60_000);

  afterAll(async () => {
    await slack?.stop();
    await pagerduty?.stop();
    await target?.drop();
  });

  it('copies every table, verifies counts and the audit chain, and the stores read the same records', async () => {
    const outcome = await copyDatabaseToPostgres({ from: dbPath, to: target.url }, {});
    expect(outcome.stderr).toBe('');
    expect(outcome.exitCode).toBe(0);
    expect(outcome.stdout).toMatch(
      /audit chain verified on the target: \d+ events, head #\d+ [0-9a-f]{12}… \(the source's\)/,
    );
    expect(outcome.stdout).toMatch(/^ {2}incidents +2 → +2$/m);

    const sqlite = new Database(dbPath, { readonly: true });
    const pool = createPostgresPool(target.url, { max: 2 });
    try {
      for (const table of TABLES) {
        const [key] = (
          sqlite.prepare(`SELECT name FROM pragma_table_info(?) WHERE pk = 1`).all(table) as {
            name: string;
          }[]
        ).map((r) => r.name);
        const order = key ?? 'rowid';
        const left = sqlite.prepare(`SELECT * FROM ${table} ORDER BY ${order}`).all();
        const right = (await pool.query(`SELECT * FROM ${table} ORDER BY ${order}`)).rows;
        expect(right, table).toEqual(left);
        if (table !== 'deploy_approvals') expect(left.length, table).toBeGreaterThan(0);
      }
      const head = sqlite.prepare('SELECT last_id, hash FROM events_head').get();
      expect((await pool.query('SELECT last_id, hash FROM events_head')).rows[0]).toEqual(head);

      const from = new SqliteRunner(openDatabase(dbPath));
      const to = new PostgresRunner(pool);
      const [deploy] = await new DeployRepository(from).recent(1);
      expect(deploy).toBeDefined();
      expect(await new DeployRepository(to).get(deploy!.id)).toEqual(deploy);
      const incident = (await new IncidentRepository(from).list(true)).find((i) =>
        i.title.includes('<!channel>'),
      );
      expect(incident).toBeDefined();
      expect(await new IncidentRepository(to).get(incident!.id)).toEqual(incident);

      // Numbering goes on after the copied ids on the target, as it would have on SQLite.
      const year = Number(/INC-(\d{4})-/.exec(incident!.id)?.[1]);
      expect(await new IncidentRepository(to).nextId(year)).toBe(
        await new IncidentRepository(from).nextId(year),
      );
      const maxEvent = (await pool.query('SELECT max(id) AS n FROM events')).rows[0].n as number;
      const appended = await new EventLog(to).append({
        at: new Date('2026-12-04T12:00:00Z'),
        actor: { id: 'U0ALICE', kind: 'human' },
        subject: 'after-copy',
        type: 'note',
      });
      expect(appended).toBe(maxEvent + 1);
      expect((await verifyAudit(new AuditRepository(to))).ok).toBe(true);
      const maxTimer = (await pool.query('SELECT max(id) AS n FROM timers')).rows[0].n as number;
      const timer = await pool.query(
        "INSERT INTO timers (kind, subject, due_at, created_at) VALUES ('k', 's', 0, 0) RETURNING id",
      );
      expect(timer.rows[0].id).toBe(maxTimer + 1);
    } finally {
      sqlite.close();
      await pool.end();
    }
  });

  it('refuses a target that already holds rows, and changes nothing there', async () => {
    const pool = target.pool();
    const before = (await pool.query('SELECT count(*)::int AS n FROM deploys')).rows[0].n as number;
    const outcome = await copyDatabaseToPostgres({ from: dbPath, to: target.url }, {});
    expect(outcome.exitCode).toBe(1);
    expect(outcome.stderr).toMatch(/nothing was copied: the target already holds rows \(.*deploys.*\)/);
    expect((await pool.query('SELECT count(*)::int AS n FROM deploys')).rows[0].n).toBe(before);
  });

  it('refuses a source whose audit chain was edited, and copies nothing', async () => {
    const edited = `${dbPath}.edited.db`;
    copyFileSync(dbPath, edited);
    const db = new Database(edited);
    db.exec('DROP TRIGGER events_no_update');
    db.prepare('UPDATE events SET payload = \'{"edited":true}\' WHERE id = 2').run();
    db.close();
    const empty = await freshSchema('db_copy_edited');
    try {
      const outcome = await copyDatabaseToPostgres({ from: edited, to: empty.url }, {});
      expect(outcome.exitCode).toBe(1);
      expect(outcome.stderr).toContain(
        `nothing was copied: the audit chain of ${edited} does not verify (event 2: edited)`,
      );
      const tables = await empty
        .pool()
        .query('SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = $1', [empty.name]);
      expect(tables.rows[0].n).toBe(0);
    } finally {
      await empty.drop();
    }
  });

  it('answers bad input with the usage, through the real command line', async () => {
    const cli = (args: string[]) =>
      run(process.execPath, [resolve('src/bin.js'), 'db', 'copy', ...args], {
        env: { ...process.env, SHIPGATE_DATABASE_URL: '' },
      }).then(
        () => ({ code: 0, stderr: '' }),
        (err: { code: number; stderr: string }) => ({ code: err.code, stderr: err.stderr }),
      );
    const noTarget = await cli(['--from', dbPath]);
    expect(noTarget.code).toBe(2);
    expect(noTarget.stderr).toMatch(
      /name the PostgreSQL database with --to[\s\S]*usage: shipgate db copy --from/,
    );
    const notPostgres = await cli(['--from', dbPath, '--to', 'mysql://x']);
    expect(notPostgres.code).toBe(2);
    expect(notPostgres.stderr).toContain('--to must be a postgres:// connection string');
    const noSource = await cli(['--from', `${dbPath}.missing`, '--to', target.url]);
    expect(noSource.code).toBe(2);
    expect(noSource.stderr).toContain('no Shipgate database at');
  }, 60_000);
});
