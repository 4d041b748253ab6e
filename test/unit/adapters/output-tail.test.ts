import { describe, expect, it } from 'vitest';
import { OutputTail } from '../../../src/adapters/deploy/output-tail.js';

function tailOf(chunks: string[], limits = { lines: 5, chars: 100 }): string {
  const tail = new OutputTail(limits);
  for (const chunk of chunks) tail.push(chunk);
  return tail.text();
}

describe('OutputTail', () => {
  it('keeps short output as it is, without the trailing newline', () => {
    expect(tailOf(['one\ntw', 'o\r\nthree\n'])).toBe('one\ntwo\nthree');
    expect(tailOf([])).toBe('');
  });

  it('keeps the last lines under a leading … line when there are too many', () => {
    expect(tailOf(['1\n2\n3\n4\n5\n6\n7\n'])).toBe('…\n4\n5\n6\n7');
    expect(tailOf(['1\n2\n3\n4\n5\n'])).toBe('1\n2\n3\n4\n5');
  });

  it('keeps whole lines within the character limit', () => {
    const text = tailOf([`${'a'.repeat(60)}\n${'b'.repeat(60)}\n${'c'.repeat(30)}\n`]);

    expect(text).toBe(`…\n${'b'.repeat(60)}\n${'c'.repeat(30)}`);
    expect(text.length).toBeLessThanOrEqual(100);
  });

  it('keeps the end of a single line longer than the limit', () => {
    const text = tailOf([`${'x'.repeat(150)}END`]);

    expect(text).toBe(`…\n${'x'.repeat(95)}END`);
    expect(text.length).toBe(100);
  });

  it('stays bounded however much is pushed, and still ends with the latest output', () => {
    const tail = new OutputTail();
    for (let i = 0; i < 100_000; i++) tail.push(`line ${i}\n`);
    const lines = tail.text().split('\n');

    expect(lines).toHaveLength(40);
    expect(lines[0]).toBe('…');
    expect(lines.at(-1)).toBe('line 99999');
  });
});
