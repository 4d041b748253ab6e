import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  markdownCell,
  markdownInline,
  markdownListItem,
} from '../../../../src/adapters/templates/markdown-text.js';
import {
  formatUtcDate,
  formatUtcDateTime,
  formatUtcTime,
} from '../../../../src/core/incidents/incident-time.js';
import { describeDuration as formatDuration } from '../../../../src/core/text/describe-duration.js';
import { separatorPipes } from './markdown-check.js';

describe('time formatting', () => {
  it('shows instants in UTC whatever the offset they were written with', () => {
    const at = new Date('2025-03-04T23:30:59+02:00');

    expect(formatUtcDateTime(at)).toBe('2025-03-04 21:30 UTC');
    expect(formatUtcDate(at)).toBe('2025-03-04');
    expect(formatUtcTime(at)).toBe('21:30');
  });

  it('shows durations as hours and minutes, seconds under a minute, with singulars', () => {
    expect(formatDuration(0)).toBe('0 seconds');
    expect(formatDuration(59_999)).toBe('59 seconds');
    expect(formatDuration(60_000)).toBe('1 minute');
    expect(formatDuration(3_600_000)).toBe('1 hour');
    expect(formatDuration(3_660_000)).toBe('1 hour 1 minute');
    expect(formatDuration(26 * 3_600_000 + 61_000)).toBe('26 hours 1 minute');
  });

  it('refuses a negative duration', () => {
    expect(() => formatDuration(-1)).toThrow(RangeError);
  });
});

describe('Markdown text', () => {
  it('never lets a table cell add a column or a row, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '|', '\\', '\n', '\r', ' ', '-') }), (text) => {
        const cell = markdownCell(text);

        expect(separatorPipes(`| ${cell} |`)).toBe(2);
        expect(cell).not.toMatch(/[\r\n]/);
      }),
    );
  });

  it('puts inline values on one line', () => {
    expect(markdownInline('  SEV-1\n\tcheckout  ')).toBe('SEV-1 checkout');
  });

  it('indents continuation lines of a bullet and drops blank ones', () => {
    expect(markdownListItem('first\r\n\r\n  second\n')).toBe('first\n  second');
  });
});
