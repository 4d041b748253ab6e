import { performance } from 'node:perf_hooks';
import type { Clock } from '../../src/clock.js';

/**
 * A clock several processes agree on: it reads `start` at the epoch millisecond `anchorMs` (a moment the test
 * chose, usually just before it spawned them) and runs at real pace from then on. Unlike {@link ShiftedClock},
 * which re-bases at construction, it is measured from `performance.timeOrigin + performance.now()` (the wall
 * clock as it was when the process started, advanced by the monotonic clock), so replicas started at different
 * moments read the same instant at the same moment, and the test process can read it too.
 */
export class AnchoredClock implements Clock {
  private readonly start: number;

  constructor(
    start: Date | string | number,
    private readonly anchorMs: number,
  ) {
    this.start = new Date(start).getTime();
    if (Number.isNaN(this.start)) throw new RangeError(`AnchoredClock: invalid start ${String(start)}`);
    if (!Number.isFinite(anchorMs)) throw new RangeError(`AnchoredClock: invalid anchor ${String(anchorMs)}`);
  }

  now(): Date {
    return new Date(this.start + (performance.timeOrigin + performance.now() - this.anchorMs));
  }
}
