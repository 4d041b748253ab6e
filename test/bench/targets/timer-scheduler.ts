import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../../src/clock.js';
import { TimerService } from '../../../src/scheduler/timer-service.js';
import { gateOf } from '../../../src/store/connection-gate.js';
import { openDatabase } from '../../../src/store/database.js';
import { SqliteRunner } from '../../../src/store/sql/sqlite-runner.js';
import { CountingRunner } from '../counting-runner.js';
import { timerPlan } from '../timer-plan.js';

/**
 * One run of the durable-timer benchmark in its own process, so the CPU and memory measured are this scheduler's
 * alone. `BENCH_TIMER_MODE` picks the scheduler: `shipgate` (a real TimerService on a fresh SQLite file, started
 * as in production: one `setTimeout` to the soonest due timer plus a node-cron safety sweep) or `settimeout` (one
 * in-memory `setTimeout` per timer, the floor without durability). Both arm `BENCH_TIMERS` timers from the same seeded plan: `BENCH_TIMER_OVERDUE` of them due in the
 * minute before start (a restart's catch-up), the rest spread uniformly over the next `BENCH_TIMER_WINDOW_S`
 * seconds. Prints one JSON line (a {@link TimerRunReport}) and exits.
 */

/** What one run measured, printed as the target's last stdout line. */
export interface TimerRunReport {
  /** Per timer, ms between when it could first fire (its due time, or start for overdue ones) and its handler. */
  readonly lateness: number[];
  /** The same for the timers due after start only (not part of the start-up catch-up). */
  readonly onTimeLateness: number[];
  /** Ms from start until the last overdue timer's handler ran: how long the start-up catch-up took. */
  readonly catchUpMs: number;
  /** Timers whose handler never ran. */
  readonly missing: number;
  /** Timers whose handler ran more than once. */
  readonly duplicates: number;
  /** For Shipgate: rows still pending or not marked fired at the end (0 when the database agrees). */
  readonly unfiredRows: number;
  /** Process CPU (user + system) over the measured interval, per wall second of it. */
  readonly cpuMsPerS: number;
  /** Length of the measured interval: start to the window's end plus a grace second and a half. */
  readonly wallMs: number;
  /** Peak resident set size of this process, in MiB. */
  readonly peakRssMiB: number;
  /** With `BENCH_COUNT_STATEMENTS=1`: the statements the scheduler ran, arming left out (see `CountingRunner`). */
  readonly statements?: number;
}

const mode = process.env.BENCH_TIMER_MODE ?? 'shipgate';
const total = Number(process.env.BENCH_TIMERS ?? 10_000);
const overdue = Number(process.env.BENCH_TIMER_OVERDUE ?? Math.round(total / 5));
const windowMs = Number(process.env.BENCH_TIMER_WINDOW_S ?? 20) * 1000;
const countStatements = process.env.BENCH_COUNT_STATEMENTS === '1';
/** Arming happens before the measured interval; start is this far after arming begins. */
const LEAD_MS = 1500;
/** Measuring continues this long after the window, so a late scheduler can still fire the last timers. */
const GRACE_MS = 1500;
/** A run that has not fired everything this long after the window gives up and reports what is missing. */
const GIVE_UP_MS = 60_000;

const offsets = timerPlan(total, overdue, windowMs);
const start = Date.now() + LEAD_MS;
const dueAt = offsets.map((offset) => start + offset);
const counts = new Uint16Array(total);
const lateness: number[] = [];
const onTimeLateness: number[] = [];
let catchUpMs = 0;

/** Records one firing of timer `i`. */
function fired(i: number): void {
  const now = performance.timeOrigin + performance.now();
  counts[i] = (counts[i] ?? 0) + 1;
  const due = dueAt[i] ?? now;
  lateness.push(now - Math.max(due, start));
  if (due < start) catchUpMs = Math.max(catchUpMs, now - start);
  else onTimeLateness.push(now - due);
}

/** The scheduler under test, armed before the measured interval and started at its beginning. */
interface Scheduler {
  start(): void;
  /** Stops it and returns how many timers its store still holds unfired. */
  stop(): Promise<number>;
  /** The statements it ran since it was armed, when they are counted. */
  statements?(): number | undefined;
}

async function durable(): Promise<Scheduler> {
  const dir = mkdtempSync(join(tmpdir(), 'shipgate-bench-timers-'));
  const db = openDatabase(join(dir, 'shipgate.db'));
  const runner = countStatements ? new CountingRunner(new SqliteRunner(db)) : new SqliteRunner(db);
  const service = new TimerService(runner, systemClock);
  service.on('bench.timer', (timer) => fired(timer.payload.i as number));
  await gateOf(db).transaction(async () => {
    for (const [i, due] of dueAt.entries())
      await service.arm('bench.timer', `bench-${i}`, new Date(due), { i });
  });
  const armedStatements = runner instanceof CountingRunner ? runner.statements : 0;
  return {
    start: () => service.start(),
    statements: () => (runner instanceof CountingRunner ? runner.statements - armedStatements : undefined),
    async stop() {
      await service.stop();
      const row = db.prepare('SELECT count(*) AS n FROM timers WHERE fired_at IS NULL').get() as {
        n: number;
      };
      db.close();
      rmSync(dir, { recursive: true, force: true });
      return row.n;
    },
  };
}

function inMemory(): Scheduler {
  let handles: NodeJS.Timeout[] = [];
  return {
    start() {
      handles = dueAt.map((due, i) => setTimeout(() => fired(i), Math.max(0, due - Date.now())));
    },
    async stop() {
      for (const handle of handles) clearTimeout(handle);
      return 0;
    },
  };
}

if (mode !== 'shipgate' && mode !== 'settimeout') {
  throw new Error(`BENCH_TIMER_MODE must be shipgate or settimeout, not ${mode}`);
}
const scheduler = mode === 'shipgate' ? await durable() : inMemory();
if (Date.now() >= start) throw new Error(`arming ${total} timers took longer than the ${LEAD_MS} ms lead`);

const sleepUntil = (at: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));
await sleepUntil(start);
const cpuBefore = process.cpuUsage();
const wallBefore = performance.now();
scheduler.start();
await sleepUntil(start + windowMs + GRACE_MS);
while (lateness.length < total && Date.now() < start + windowMs + GIVE_UP_MS)
  await sleepUntil(Date.now() + 100);
const cpu = process.cpuUsage(cpuBefore);
const wallMs = performance.now() - wallBefore;
const unfiredRows = await scheduler.stop();
const statements = scheduler.statements?.();

const report: TimerRunReport = {
  lateness,
  onTimeLateness,
  catchUpMs,
  missing: counts.filter((c) => c === 0).length,
  duplicates: counts.filter((c) => c > 1).length,
  unfiredRows,
  cpuMsPerS: (cpu.user + cpu.system) / 1000 / (wallMs / 1000),
  wallMs,
  peakRssMiB: process.resourceUsage().maxRSS / 1024,
  ...(statements === undefined ? {} : { statements }),
};
process.stdout.write(`${JSON.stringify(report)}\n`);
