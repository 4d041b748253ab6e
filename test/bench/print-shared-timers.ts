import { fmt, table, times } from './format.js';
import type { SharedTimersBench } from './shared-timers.js';

/** Prints the shared-timers section: both setups, each replica's share, double fires, and the ratios. */
export function printSharedTimers(bench: SharedTimersBench): void {
  const { sqlite, postgres } = bench;
  console.log(
    `\nTimers shared by two replicas: ${bench.timers} armed over ${bench.windowS} s (${bench.overdue} overdue at ` +
      'start), two scheduler processes on one PostgreSQL schema vs one scheduler on SQLite',
  );
  console.log(
    '(lateness as in the durable-timer section; CPU of the scheduler processes only, the PostgreSQL server left out)',
  );
  console.log(
    table([
      [
        'scheduler',
        'p50 ms',
        'p99 ms',
        'max ms',
        'on-time p99 ms',
        'catch-up ms',
        'CPU ms/s',
        'statements/timer',
      ],
      ...[sqlite, postgres].map((r) => [
        r.name,
        fmt(r.lateness.p50, 1),
        fmt(r.lateness.p99, 1),
        fmt(r.lateness.max, 1),
        fmt(r.onTimeLateness.p99, 1),
        fmt(r.catchUpMs, 1),
        fmt(r.cpuMsPerS, 1),
        fmt(r.statementsPerTimer),
      ]),
    ]),
  );
  console.log(
    table([
      ['replica', 'timers fired', 'CPU ms/s', 'peak RSS MiB', 'statements', 'transactions'],
      ...postgres.replicas.map((r) => [
        r.name,
        String(r.fired),
        fmt(r.cpuMsPerS, 1),
        fmt(r.peakRssMiB, 1),
        String(r.statements),
        String(r.transactions),
      ]),
    ]),
  );
  console.log(
    `double fires (a timer's handler run more than once, across both replicas): ${postgres.doubleFires}; ` +
      `never fired: ${postgres.missing}; rows left unfired: ${postgres.unfiredRows}`,
  );
  console.log(
    `database load on PostgreSQL: ${fmt(postgres.statementsPerTimer)} statements and ${fmt(postgres.rowUpdatesPerTimer)} ` +
      `row updates of timers per timer; ${postgres.databaseCommits} commits in the database meanwhile (all its clients)`,
  );
  console.log(
    `ratio two replicas on PostgreSQL / SQLite: p99 ${times(postgres.lateness.p99 / sqlite.lateness.p99)}, ` +
      `on-time p99 ${times(postgres.onTimeLateness.p99 / sqlite.onTimeLateness.p99)}, ` +
      `catch-up ${times(postgres.catchUpMs / sqlite.catchUpMs)}, CPU ${times(postgres.cpuMsPerS / sqlite.cpuMsPerS)}, ` +
      `statements/timer ${times(postgres.statementsPerTimer / sqlite.statementsPerTimer)}`,
  );
}
