import { performance } from 'node:perf_hooks';
import type { Clock } from '../../src/clock.js';

/**
 * A clock that starts at a chosen instant and from then on runs at real pace, measured with the monotonic
 * `performance.now()` (so a change of the system time does not move it). For Shipgate in a child process, whose
 * own scheduler must fire timers in real time while the date, hour and weekday it sees stay the ones the test
 * chose, whatever the machine's clock says.
 */
export class ShiftedClock implements Clock {
  private readonly start: number;
  private readonly startedAt: number;

  /** `elapsedMs` is the monotonic source of milliseconds (`performance.now()` unless a test passes its own). */
  constructor(
    start: Date | string | number,
    private readonly elapsedMs: () => number = () => performance.now(),
  ) {
    this.start = new Date(start).getTime();
    if (Number.isNaN(this.start)) throw new RangeError(`ShiftedClock: invalid start ${String(start)}`);
    this.startedAt = elapsedMs();
  }

  now(): Date {
    return new Date(this.start + (this.elapsedMs() - this.startedAt));
  }
}
