import { runTimerTarget } from './run-timer-target.js';
import { type LatencySummary, summarize } from './stats.js';

/** What one scheduler did with its armed timers. */
export interface TimerLatenessResult {
  readonly name: string;
  readonly timers: number;
  /** How late handlers ran, in ms after the timer could first fire (its due time, or start if overdue). */
  readonly lateness: LatencySummary;
  /** The same for the timers due after start only (the start-up catch-up left out). */
  readonly onTimeLateness: LatencySummary;
  /** Ms from start until every timer that was overdue at start had fired. */
  readonly catchUpMs: number;
  readonly cpuMsPerS: number;
  readonly peakRssMiB: number;
}

/** The three runs of the durable-timer benchmark, in the order they are printed. */
export interface TimerLatenessBench {
  readonly timers: number;
  readonly overdue: number;
  readonly windowS: number;
  readonly inMemory: TimerLatenessResult;
  readonly fewDurable: TimerLatenessResult;
  readonly durable: TimerLatenessResult;
}

/** Share of the armed timers already overdue at start, to exercise the start-up catch-up. */
const OVERDUE_SHARE = 0.2;
/** The small durable run, to show how lateness and CPU scale with the number of armed timers. */
const FEW_TIMERS = 100;

/** Runs one scheduler over `timers` timers and checks that every one fired exactly once. */
async function measure(name: string, mode: string, timers: number, windowS: number) {
  const overdue = Math.round(timers * OVERDUE_SHARE);
  const report = await runTimerTarget({
    BENCH_TIMER_MODE: mode,
    BENCH_TIMERS: String(timers),
    BENCH_TIMER_OVERDUE: String(overdue),
    BENCH_TIMER_WINDOW_S: String(windowS),
  });
  const { missing, duplicates, unfiredRows, lateness } = report;
  if (missing > 0 || duplicates > 0 || unfiredRows > 0 || lateness.length !== timers) {
    throw new Error(
      `${name}: ${timers} timers armed but ${lateness.length} firings ` +
        `(${missing} never fired, ${duplicates} fired more than once, ${unfiredRows} rows left unfired)`,
    );
  }
  return {
    overdue,
    result: {
      name,
      timers,
      lateness: summarize(lateness),
      onTimeLateness: summarize(report.onTimeLateness),
      catchUpMs: report.catchUpMs,
      cpuMsPerS: report.cpuMsPerS,
      peakRssMiB: report.peakRssMiB,
    },
  };
}

/**
 * Benchmark of issue #4: `timers` timers (a fifth overdue at start, the rest due over the next `windowS`
 * seconds) fired by Shipgate's durable TimerService (SQLite rows, one `setTimeout` to the soonest due timer,
 * claim-by-update)
 * and, as the baseline in the same run, by plain in-memory `setTimeout`s; plus a durable run with only 100 timers
 * to show how lateness and CPU scale with the number armed. Each run is its own process, one after another, so
 * its CPU (ms per wall second of the window) and peak RSS are its own. Throws if any timer did not fire exactly
 * once. The caller prints.
 */
export async function benchTimerLateness(timers: number, windowS: number): Promise<TimerLatenessBench> {
  const inMemory = await measure('setTimeout (in memory)', 'settimeout', timers, windowS);
  const few = await measure(`Shipgate, ${FEW_TIMERS} timers`, 'shipgate', FEW_TIMERS, windowS);
  const durable = await measure(`Shipgate, ${timers} timers`, 'shipgate', timers, windowS);
  return {
    timers,
    overdue: durable.overdue,
    windowS,
    inMemory: inMemory.result,
    fewDurable: few.result,
    durable: durable.result,
  };
}
