import { describe, expect, it } from 'vitest';
import { clipAtWord } from '../../../../src/core/text/clip-at-word.js';

describe('clipAtWord', () => {
  it('keeps a text that fits', () => {
    expect(clipAtWord('Rollback of checkout 2.5.4', 150)).toBe('Rollback of checkout 2.5.4');
  });

  it('cuts at the last word that fits and says it was cut, never inside a number', () => {
    const title =
      'Rollback of checkout 2.5.4 in production: error_rate_increase: 10% (relative to the baseline): error_rate 20.06% against a baseline of 0.19% (limit 0.21%), 2 samples in a row';
    const clipped = clipAtWord(title, 150);
    expect(clipped.length).toBeLessThanOrEqual(150);
    expect(clipped).toBe(
      'Rollback of checkout 2.5.4 in production: error_rate_increase: 10% (relative to the baseline): error_rate 20.06% against a baseline of 0.19% (limit…',
    );
  });

  it('cuts a single long word where it must, and drops a dangling separator', () => {
    expect(clipAtWord('x'.repeat(20), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(clipAtWord('first part: (second part goes on)', 14)).toBe('first part…');
  });
});
