import { describe, expect, it } from 'vitest';
import { formatDeployId, parseDeployId } from '../../../../src/core/deploys/deploy-id.js';

describe('deploy ids', () => {
  it('pads the sequence to four digits', () => {
    expect(formatDeployId(2026, 42)).toBe('DEP-2026-0042');
    expect(formatDeployId(2026, 1)).toBe('DEP-2026-0001');
  });

  it('grows past four digits instead of wrapping', () => {
    expect(formatDeployId(2026, 12345)).toBe('DEP-2026-12345');
  });

  it('refuses a sequence below 1 or a year that is not four digits', () => {
    expect(() => formatDeployId(2026, 0)).toThrow(RangeError);
    expect(() => formatDeployId(2026, 1.5)).toThrow(RangeError);
    expect(() => formatDeployId(999, 1)).toThrow(RangeError);
    expect(() => formatDeployId(10000, 1)).toThrow(RangeError);
  });

  it('parses what it formats, case-insensitively', () => {
    expect(parseDeployId('DEP-2026-0042')).toEqual({ year: 2026, sequence: 42 });
    expect(parseDeployId(' dep-2026-12345 ')).toEqual({ year: 2026, sequence: 12345 });
  });

  it.each([
    'DEP-2026-42',
    'DEP-26-0042',
    'DEP-2026-0000',
    'DEP-2026-00042',
    'INC-2026-0042',
    'DEP-2026-0042x',
  ])('refuses %s', (text) => {
    expect(parseDeployId(text)).toBeUndefined();
  });
});
