import type { Clock } from './core/clock.js';

export type { Clock } from './core/clock.js';

/** The wall clock, used in production. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to: the fake clock used by tests, the sandbox and benchmarks. */
export class FakeClock implements Clock {
  private current: number;

  constructor(start: Date | string | number = '2026-11-24T10:00:00Z') {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  /** Moves time forward by `ms` milliseconds. */
  advance(ms: number): Date {
    this.current += ms;
    return this.now();
  }

  /** Jumps to an absolute time. */
  set(at: Date | string | number): void {
    this.current = new Date(at).getTime();
  }
}
