import { createInterface } from 'node:readline';
import { systemClock } from '../../../src/clock.js';
import { TimerService } from '../../../src/scheduler/timer-service.js';
import { openStore } from '../../../src/store/open-store.js';
import { CountingRunner } from '../counting-runner.js';

/**
 * One replica's scheduler for the high-availability timer benches, in its own process: a real TimerService on the
 * PostgreSQL schema `BENCH_DATABASE_URL` names, opened as Shipgate opens it (`openStore`: its pool, migrations
 * checked, LISTEN for timers armed elsewhere), claiming as `BENCH_REPLICA` with leases of `BENCH_LEASE_MS` (default
 * 60 s) and a safety sweep every `BENCH_SWEEP_S` (default 5). Its `bench.timer` handler notes the timer's
 * `payload.i` and when it ran; with `BENCH_HOLD=1` it never finishes instead and prints `held <i>` (a replica
 * holding its timers when it is killed); with `BENCH_LIVE=1` every run is printed at once as `fired <i> <epoch ms>`.
 *
 * On stdio: prints `ready` once the store is open and the handler registered; `go <epoch ms>` on stdin starts the
 * scheduler at that instant; `stop` stops it, closes the store and prints one JSON line (a {@link ReplicaReport}).
 * A holding replica is meant to be killed: its `stop` reports without waiting for the handlers that never end.
 */

/** What one replica did, printed as its last stdout line. */
export interface ReplicaReport {
  readonly replica: string;
  /** Its handler runs, flattened: `[i, epoch ms, i, epoch ms, …]`. */
  readonly fired: number[];
  /** Statements and transactions the scheduler ran from `go` to `stop` (see `CountingRunner`). */
  readonly statements: number;
  readonly transactions: number;
  /** Process CPU (user + system) from `go` to `stop`, per wall second. */
  readonly cpuMsPerS: number;
  readonly peakRssMiB: number;
}

const replica = process.env.BENCH_REPLICA ?? `replica-${process.pid}`;
const url = process.env.BENCH_DATABASE_URL;
if (!url) throw new Error('BENCH_DATABASE_URL must name the PostgreSQL schema');
const hold = process.env.BENCH_HOLD === '1';
const live = process.env.BENCH_LIVE === '1';

const store = await openStore({ databaseUrl: url, dbPath: '' });
const runner = new CountingRunner(store.runner);
const timers = new TimerService(runner, systemClock, {
  owner: replica,
  leaseMs: Number(process.env.BENCH_LEASE_MS ?? 60_000),
  sweepSeconds: Number(process.env.BENCH_SWEEP_S ?? 5),
  ...(store.armedSignals ? { armedSignals: store.armedSignals } : {}),
  onTickError: (err) => console.error(`${replica}: timer tick failed`, err),
});
const fired: number[] = [];
const say = (line: string) => process.stdout.write(`${line}\n`);
timers.on('bench.timer', (timer) => {
  const i = timer.payload.i as number;
  const at = performance.timeOrigin + performance.now();
  fired.push(i, at);
  if (live) say(`fired ${i} ${at}`);
  if (!hold) return;
  say(`held ${i}`);
  return new Promise<void>(() => {});
});

let since = { cpu: process.cpuUsage(), wall: performance.now(), statements: 0, transactions: 0 };
const input = createInterface({ input: process.stdin });
input.on('line', (line) => {
  const [command, at] = line.trim().split(' ');
  if (command === 'go') {
    setTimeout(
      () => {
        since = {
          cpu: process.cpuUsage(),
          wall: performance.now(),
          statements: runner.statements,
          transactions: runner.transactions,
        };
        timers.start();
      },
      Math.max(0, Number(at) - Date.now()),
    );
  } else if (command === 'stop') {
    input.close();
    void stop();
  }
});

async function stop(): Promise<void> {
  const cpu = process.cpuUsage(since.cpu);
  const wallMs = performance.now() - since.wall;
  const statements = runner.statements - since.statements;
  const transactions = runner.transactions - since.transactions;
  if (!hold) {
    await timers.stop();
    await store.close();
  }
  const report: ReplicaReport = {
    replica,
    fired,
    statements,
    transactions,
    cpuMsPerS: (cpu.user + cpu.system) / 1000 / (wallMs / 1000),
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  };
  say(JSON.stringify(report));
  process.exit(0);
}

say('ready');
