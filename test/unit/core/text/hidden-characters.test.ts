import { describe, expect, it } from 'vitest';
import { tokenize } from '../../../../src/core/commands/tokenize.js';
import {
  describeHiddenCharacter,
  findControlCharacter,
  findHiddenCharacter,
  revealHiddenCharacters,
  trimOrdinaryWhitespace,
} from '../../../../src/core/text/hidden-characters.js';

const described = (found: ReturnType<typeof findHiddenCharacter>) =>
  found ? describeHiddenCharacter(found) : 'nothing';

describe('findHiddenCharacter', () => {
  it.each([
    ['\uFEFF8.0.0', 'contains an invisible character U+FEFF (zero width no-break space) at position 1'],
    ['a\u200Bb', 'contains an invisible character U+200B (zero width space) at position 2'],
    ['ab\u2067', 'contains an invisible character U+2067 (right-to-left isolate) at position 3'],
    ['\u2009x', 'contains an invisible character U+2009 (thin space) at position 1'],
    ['x\uFE0F', 'contains an invisible character U+FE0F (variation selector-16) at position 2'],
    ['x\u{E0041}', 'contains an invisible character U+E0041 (tag) at position 2'],
    ['\u{1F600}\u00A0', 'contains an invisible character U+00A0 (no-break space) at position 2'],
    ['a\u009Bb', 'contains a control character U+009B (control) at position 2'],
    ['a\tb', 'contains a control character U+0009 (character tabulation) at position 2'],
    ['a\uD800b', 'contains an invalid character U+D800 (unpaired surrogate) at position 2'],
  ])('finds what is hidden in %j: %s', (word, message) => {
    expect(described(findHiddenCharacter(word))).toBe(message);
  });

  it('finds nothing in printable words, accented letters, emoji and ordinary spaces', () => {
    for (const word of [
      'checkout',
      '2.5.4-rc.1',
      'DEP-2026-0042',
      'café',
      'naïve rollout',
      '\u{1F680} ship',
    ]) {
      expect(findHiddenCharacter(word)).toBeUndefined();
    }
  });

  it('adds an offset to the position when asked', () => {
    const found = findHiddenCharacter('x\u200B');
    expect(found && describeHiddenCharacter(found, 2)).toContain('at position 4');
  });
});

describe('findControlCharacter', () => {
  it('allows tabs, newlines and every printable or invisible character in free text', () => {
    expect(
      findControlCharacter('Root cause:\n\tthe \u200Bcache \u202Eflipped\u00A0 \u{1F525}'),
    ).toBeUndefined();
  });

  it.each([
    ['a\u0000', 'contains a control character U+0000 (null) at position 2'],
    ['\r\n', 'contains a control character U+000D (carriage return) at position 1'],
    ['x\u001B[0m', 'contains a control character U+001B (escape) at position 2'],
    ['x\u007F', 'contains a control character U+007F (delete) at position 2'],
    ['\uDC00', 'contains an invalid character U+DC00 (unpaired surrogate) at position 1'],
  ])('refuses %j: %s', (text, message) => {
    expect(described(findControlCharacter(text))).toBe(message);
  });
});

describe('trimOrdinaryWhitespace and revealHiddenCharacters', () => {
  it('trims spaces, tabs and line breaks but keeps a BOM or a no-break space', () => {
    expect(trimOrdinaryWhitespace(' \t6.0.0\r\n ')).toBe('6.0.0');
    expect(trimOrdinaryWhitespace('\uFEFF8.0.0\u00A0')).toBe('\uFEFF8.0.0\u00A0');
  });

  it('spells out each hidden character and leaves other words as they are', () => {
    expect(revealHiddenCharacters('\uFEFF8.0\u200B.0\t')).toBe('<U+FEFF>8.0<U+200B>.0<U+0009>');
    expect(revealHiddenCharacters('café')).toBe('café');
  });
});

describe('tokenize', () => {
  it('keeps a BOM inside its word instead of treating it as a space', () => {
    expect(tokenize('checkout \uFEFF8.0.0')).toEqual(['checkout', '\uFEFF8.0.0']);
    expect(tokenize('\uFEFFcheckout')).toEqual(['\uFEFFcheckout']);
  });

  it('still separates words at spaces a reader sees, no-break spaces included', () => {
    expect(tokenize('checkout\u00A08.0.0\u2003--dry-run')).toEqual(['checkout', '8.0.0', '--dry-run']);
  });
});
