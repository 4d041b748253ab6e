import { performance } from 'node:perf_hooks';
import { describe, expect, it, vi } from 'vitest';
import { ShiftedClock } from '../../support/shifted-clock.js';

describe('ShiftedClock', () => {
  it('starts at the given instant and moves on by the elapsed monotonic time', () => {
    let monotonic = 123_456.5;
    const clock = new ShiftedClock('2026-11-24T10:00:00Z', () => monotonic);
    expect(clock.now().toISOString()).toBe('2026-11-24T10:00:00.000Z');
    monotonic += 90_000;
    expect(clock.now().toISOString()).toBe('2026-11-24T10:01:30.000Z');
  });

  it('measures elapsed time with performance.now() by default, not with the machine date', () => {
    const monotonic = vi.spyOn(performance, 'now').mockReturnValue(5_000);
    try {
      const clock = new ShiftedClock('2026-11-24T10:00:00Z');
      monotonic.mockReturnValue(65_000);
      expect(clock.now().toISOString()).toBe('2026-11-24T10:01:00.000Z');
    } finally {
      monotonic.mockRestore();
    }
  });

  it('refuses a start that is not an instant', () => {
    expect(() => new ShiftedClock('tuesday morning')).toThrow(RangeError);
  });
});
