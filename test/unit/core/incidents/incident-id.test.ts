import { describe, expect, it } from 'vitest';
import { formatIncidentId, parseIncidentId } from '../../../../src/core/incidents/incident-id.js';

describe('incident ids', () => {
  it('formats INC-YYYY-NNNN with the sequence padded to four digits', () => {
    expect(formatIncidentId(2026, 7)).toBe('INC-2026-0007');
    expect(formatIncidentId(2026, 1234)).toBe('INC-2026-1234');
  });

  it('grows past four digits instead of wrapping', () => {
    expect(formatIncidentId(2026, 10000)).toBe('INC-2026-10000');
  });

  it('refuses a sequence below 1 or a year that is not four digits', () => {
    expect(() => formatIncidentId(2026, 0)).toThrow(RangeError);
    expect(() => formatIncidentId(2026, 2.5)).toThrow(RangeError);
    expect(() => formatIncidentId(999, 1)).toThrow(RangeError);
    expect(() => formatIncidentId(10000, 1)).toThrow(RangeError);
  });

  it('parses what it formats, case-insensitively and trimmed', () => {
    expect(parseIncidentId('INC-2026-0007')).toEqual({ year: 2026, sequence: 7 });
    expect(parseIncidentId(' inc-2026-10000 ')).toEqual({ year: 2026, sequence: 10000 });
  });

  it.each([
    'INC-2026-7',
    'INC-26-0007',
    'INC-2026-0000',
    'INC-2026-00007',
    'DEP-2026-0007',
    'INC-2026-0007x',
  ])('refuses %s', (text) => {
    expect(parseIncidentId(text)).toBeUndefined();
  });
});
