import { describe, expect, it } from 'vitest';
import { parseAuditTime } from '../../../../src/core/audit/audit-time.js';

const iso = (text: string) => parseAuditTime(text)?.toISOString();

describe('parseAuditTime', () => {
  it('reads a bare date as 00:00 UTC of that day', () => {
    expect(iso('2026-11-24')).toBe('2026-11-24T00:00:00.000Z');
    expect(iso('2028-02-29')).toBe('2028-02-29T00:00:00.000Z');
  });

  it('reads a date-time with Z or an offset, with or without seconds and milliseconds', () => {
    expect(iso('2026-11-24T09:30Z')).toBe('2026-11-24T09:30:00.000Z');
    expect(iso('2026-11-24T09:30:15z')).toBe('2026-11-24T09:30:15.000Z');
    expect(iso('2026-11-24T09:30:15.5Z')).toBe('2026-11-24T09:30:15.500Z');
    expect(iso('2026-11-24T10:30+01:00')).toBe('2026-11-24T09:30:00.000Z');
    expect(iso('2026-11-24T01:00:00-05:30')).toBe('2026-11-24T06:30:00.000Z');
    expect(iso('2026-11-24T00:30+14:00')).toBe('2026-11-23T10:30:00.000Z');
  });

  it('refuses a date-time without an offset rather than read it in the local zone', () => {
    expect(parseAuditTime('2026-11-24T09:30')).toBeUndefined();
    expect(parseAuditTime('2026-11-24T09:30:00.000')).toBeUndefined();
    expect(parseAuditTime('2026-11-24 09:30Z')).toBeUndefined();
  });

  it('refuses days, hours and offsets that do not exist, and other shapes', () => {
    for (const text of [
      '2026-02-29',
      '2026-13-01',
      '2026-04-31',
      '2026-11-24T24:00Z',
      '2026-11-24T10:60Z',
      '2026-11-24T10:00+24:00',
      '24/11/2026',
      'yesterday',
      '',
      '1732406400',
    ])
      expect(parseAuditTime(text), text).toBeUndefined();
  });
});
