import { performance } from 'node:perf_hooks';
import { describe, expect, it, vi } from 'vitest';
import { AnchoredClock } from '../../support/anchored-clock.js';

describe('AnchoredClock', () => {
  it('reads the start instant at the anchor and moves on with the monotonic clock', () => {
    const anchor = performance.timeOrigin + 10_000;
    const monotonic = vi.spyOn(performance, 'now').mockReturnValue(10_000);
    try {
      const clock = new AnchoredClock('2026-11-24T10:00:00Z', anchor);
      expect(clock.now().toISOString()).toBe('2026-11-24T10:00:00.000Z');
      monotonic.mockReturnValue(70_000);
      expect(clock.now().toISOString()).toBe('2026-11-24T10:01:00.000Z');
    } finally {
      monotonic.mockRestore();
    }
  });

  it('agrees with a clock made later on the same anchor (two replicas started at different moments)', () => {
    const anchor = performance.timeOrigin + 1_000;
    const monotonic = vi.spyOn(performance, 'now').mockReturnValue(2_000);
    try {
      const first = new AnchoredClock('2026-11-24T10:00:00Z', anchor);
      monotonic.mockReturnValue(9_000);
      const second = new AnchoredClock('2026-11-24T10:00:00Z', anchor);
      expect(second.now().toISOString()).toBe('2026-11-24T10:00:08.000Z');
      expect(first.now().getTime()).toBe(second.now().getTime());
    } finally {
      monotonic.mockRestore();
    }
  });

  it('refuses a start or an anchor that is not an instant', () => {
    expect(() => new AnchoredClock('tuesday morning', 0)).toThrow(RangeError);
    expect(() => new AnchoredClock('2026-11-24T10:00:00Z', Number.NaN)).toThrow(RangeError);
  });
});
