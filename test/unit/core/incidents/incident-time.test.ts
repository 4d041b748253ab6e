import { describe, expect, it } from 'vitest';
import {
  ceilToMinute,
  formatUtcDateTime,
  formatUtcTime,
} from '../../../../src/core/incidents/incident-time.js';
import { describeDuration } from '../../../../src/core/text/describe-duration.js';
import { at } from './incident-fixture.js';

describe('incident time helpers', () => {
  it('rounds a deadline up to the minute, never down', () => {
    expect(ceilToMinute(at('10:15:01')).toISOString()).toBe('2026-11-24T10:16:00.000Z');
    expect(ceilToMinute(at('10:15:00')).toISOString()).toBe('2026-11-24T10:15:00.000Z');
  });

  it('formats UTC times the way the chapter writes them', () => {
    expect(formatUtcTime(at('09:05:59'))).toBe('09:05');
    expect(formatUtcDateTime(at('09:05:59'))).toBe('2026-11-24 09:05 UTC');
  });

  it.each([
    [0, '0 seconds'],
    [37_000, '37 seconds'],
    [60_000, '1 minute'],
    [12 * 60_000 + 59_000, '12 minutes'],
    [60 * 60_000, '1 hour'],
    [100 * 60_000, '1 hour 40 minutes'],
    [26 * 60 * 60_000 + 60_000, '26 hours 1 minute'],
  ])('writes %i ms as "%s"', (ms, text) => {
    expect(describeDuration(ms)).toBe(text);
  });
});
