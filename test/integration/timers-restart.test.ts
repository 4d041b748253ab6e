import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { TimerService } from '../../src/scheduler/timer-service.js';
import { gateOf } from '../../src/store/connection-gate.js';
import { openDatabase } from '../../src/store/database.js';
import { SqliteRunner } from '../../src/store/sql/sqlite-runner.js';
import { TimerRepository } from '../../src/store/timer-repository.js';
import type { TimerSpec } from '../fixtures/timer-process.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/timer-process.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A running fixture process and every stdout line it has printed so far. */
interface Child {
  readonly proc: ChildProcess;
  readonly lines: string[];
  readonly exited: Promise<void>;
}

function startChild(args: string[]): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', FIXTURE, ...args], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  let rest = '';
  proc.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop() ?? '';
    lines.push(...parts);
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  return { proc, lines, exited };
}

/** Polls `check` every 20 ms until it is true, failing after `ms`. */
async function until(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const fires = (child: Child) => child.lines.filter((l) => l.startsWith('fired '));
const ticks = (child: Child) => child.lines.filter((l) => l.startsWith('tick ')).length;
const firedId = (line: string) => Number(line.split(' ')[1]);

describe('durable timers across a real process restart', () => {
  let dir: string;
  let dbPath: string;
  const children: Child[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'shipgate-restart-'));
    dbPath = join(dir, 'shipgate.db');
  });

  afterEach(async () => {
    for (const child of children.splice(0)) {
      if (child.proc.exitCode === null && child.proc.signalCode === null) child.proc.kill('SIGKILL');
      await child.exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  const launch = (args: string[]) => {
    const child = startChild(args);
    children.push(child);
    return child;
  };

  it('fires overdue timers once at start-up after a SIGKILL, takes over a dead lease, keeps future ones', async () => {
    const now = Date.now();
    const specs: TimerSpec[] = [
      { kind: 'watch.window', subject: 'deploy:1', dueAt: new Date(now - 60_000).toISOString() },
      { kind: 'approval.timeout', subject: 'approval:1', dueAt: new Date(now - 5 * 60_000).toISOString() },
      { kind: 'severity.clock', subject: 'INC-2026-0001', dueAt: new Date(now + 300).toISOString() },
      { kind: 'review.due', subject: 'INC-2026-0001', dueAt: new Date(now + 3_600_000).toISOString() },
    ];
    const stuck = ['--stuck-kind', 'watch.window', '--lease-ms', '300'];
    const first = launch(['arm', dbPath, '--timers', JSON.stringify(specs), ...stuck]);
    first.proc.stdin?.end();
    await until('the first process to get stuck in a handler', () =>
      first.lines.some((l) => l.startsWith('stuck')),
    );
    const armed = first.lines.filter((l) => l.startsWith('armed ')).map(firedId);
    expect(armed).toHaveLength(4);
    const [stuckId, approvalId, severityId, reviewId] = armed;
    first.proc.kill('SIGKILL');
    await first.exited;
    expect(first.proc.signalCode).toBe('SIGKILL');

    const db = openDatabase(dbPath);
    const repo = new TimerRepository(new SqliteRunner(db));
    const lease = await repo.get(stuckId ?? 0);
    expect(lease).toMatchObject({ claimedBy: `arm-${first.proc.pid}`, firedAt: null });
    expect(await repo.listPending()).toHaveLength(4);
    const leaseEnd = lease?.claimedUntil?.getTime() ?? 0;
    await until(
      'the dead lease and the short deadline to pass',
      () => Date.now() > Math.max(leaseEnd, now + 300),
    );

    const kinds = specs.map((s) => s.kind).join(',');
    const second = launch(['run', dbPath, '--kinds', kinds]);
    await until('three fires and a later tick', () => fires(second).length >= 3 && ticks(second) >= 2);
    second.proc.kill('SIGTERM');
    await second.exited;

    const fired = fires(second);
    expect(fired.map(firedId).sort((a, b) => a - b)).toEqual([stuckId, approvalId, severityId]);
    for (const line of fired) expect(line).toMatch(/ 0 first=1$/);
    const startedAt = second.lines.indexOf('started');
    expect(startedAt).toBeGreaterThan(-1);
    for (const line of fired) expect(second.lines.indexOf(line)).toBeLessThan(startedAt);
    const owner = `run-${second.proc.pid}`;
    for (const id of [stuckId, approvalId, severityId]) {
      const row = await repo.get(id ?? 0);
      expect(row?.claimedBy).toBe(owner);
      expect(row?.firedAt).not.toBeNull();
    }
    expect((await repo.listPending()).map((t) => [t.id, t.claimedBy, t.firedAt])).toEqual([
      [reviewId, null, null],
    ]);
    db.close();
  });

  it('takes over the lease of a process killed mid-handler at once on restart, long before the lease runs out', async () => {
    const now = Date.now();
    const specs: TimerSpec[] = [
      { kind: 'incident.setup', subject: 'INC-2026-0001', dueAt: new Date(now - 1000).toISOString() },
      { kind: 'severity.clock', subject: 'INC-2026-0002', dueAt: new Date(now - 1000).toISOString() },
    ];
    const first = launch([
      'arm',
      dbPath,
      '--timers',
      JSON.stringify(specs),
      '--stuck-kind',
      'incident.setup',
    ]);
    first.proc.stdin?.end();
    await until('the first process to get stuck in a handler', () =>
      first.lines.some((l) => l.startsWith('stuck')),
    );
    const [stuckId, clockId] = first.lines.filter((l) => l.startsWith('armed ')).map(firedId);
    first.proc.kill('SIGKILL');
    await first.exited;

    const db = openDatabase(dbPath);
    const repo = new TimerRepository(new SqliteRunner(db));
    const leaseEnd = (await repo.get(stuckId ?? 0))?.claimedUntil?.getTime() ?? 0;
    expect(leaseEnd - Date.now()).toBeGreaterThan(50_000);

    const second = launch(['run', dbPath, '--kinds', 'incident.setup,severity.clock']);
    await until('both timers to fire in the restarted process', () => fires(second).length >= 2, 15_000);
    const firedBy = Date.now();
    second.proc.kill('SIGTERM');
    await second.exited;

    expect(leaseEnd - firedBy).toBeGreaterThan(40_000);
    expect(
      fires(second)
        .map(firedId)
        .sort((a, b) => a - b),
    ).toEqual([stuckId, clockId]);
    expect(await repo.get(stuckId ?? 0)).toMatchObject({
      claimedBy: `run-${second.proc.pid}`,
      attempts: 0,
      lastError: `lease of arm-${first.proc.pid} taken over at restart`,
    });
    expect((await repo.get(stuckId ?? 0))?.firedAt).not.toBeNull();
    db.close();
  });

  it('leaves alone a lease a live process took after the restarted one started', async () => {
    const now = Date.now();
    const specs: TimerSpec[] = [
      { kind: 'incident.setup', subject: 'INC-2026-0001', dueAt: new Date(now - 1000).toISOString() },
    ];
    const later = launch(['run', dbPath, '--kinds', 'incident.setup,severity.clock', '--wait-go']);
    await until('the second process to be ready', () => later.lines.some((l) => l.startsWith('ready ')));
    const live = launch(['arm', dbPath, '--timers', JSON.stringify(specs), '--stuck-kind', 'incident.setup']);
    live.proc.stdin?.end();
    await until('the live process to hold the timer', () => live.lines.some((l) => l.startsWith('stuck')));
    const [heldId] = live.lines.filter((l) => l.startsWith('armed ')).map(firedId);

    const db = openDatabase(dbPath);
    const timers = new TimerService(new SqliteRunner(db), systemClock);
    const clockId = await timers.arm('severity.clock', 'INC-2026-0002', new Date(Date.now() - 1000));
    later.proc.stdin?.write('go\n');
    await until(
      'the other timer to fire and a later tick',
      () => fires(later).length >= 1 && ticks(later) >= 2,
    );

    expect(fires(later).map(firedId)).toEqual([clockId]);
    const repo = new TimerRepository(new SqliteRunner(db));
    expect(await repo.get(heldId ?? 0)).toMatchObject({
      claimedBy: `arm-${live.proc.pid}`,
      firedAt: null,
      lastError: null,
    });
    db.close();
  });

  it('fires each overdue timer exactly once when two restarted processes race on the same file', async () => {
    const db = openDatabase(dbPath);
    const timers = new TimerService(new SqliteRunner(db), systemClock);
    const past = new Date(Date.now() - 60_000);
    const ids = await gateOf(db).transaction(async () => {
      const armed: number[] = [];
      for (let i = 0; i < 60; i++) armed.push(await timers.arm('update.reminder', `INC-2026-${i}`, past));
      return armed;
    });
    db.close();

    const racers = [0, 1].map(() =>
      launch(['run', dbPath, '--kinds', 'update.reminder', '--wait-go', '--handler-ms', '5']),
    );
    await until('both processes to be ready', () =>
      racers.every((r) => r.lines.some((l) => l.startsWith('ready '))),
    );
    for (const racer of racers) racer.proc.stdin?.write('go\n');
    await until(
      'all timers fired and a later tick in each process',
      () =>
        racers.every((r) => ticks(r) >= 2) && racers.reduce((n, r) => n + fires(r).length, 0) >= ids.length,
    );
    for (const racer of racers) racer.proc.kill('SIGTERM');
    await Promise.all(racers.map((r) => r.exited));

    const firedIds = racers.flatMap((r) => fires(r).map(firedId));
    expect(firedIds).toHaveLength(ids.length);
    expect(new Set(firedIds)).toEqual(new Set(ids));
    const check = openDatabase(dbPath);
    expect(check.prepare('SELECT count(*) AS n FROM timers WHERE fired_at IS NOT NULL').get()).toEqual({
      n: 60,
    });
    check.close();
  });
});
