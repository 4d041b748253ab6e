import { describe, expect, it } from 'vitest';
import { expandSnippet } from '../../support/snippet-text.js';

/** Snippet syntax written with `@{` for `${`, so the strings do not read as misplaced template literals. */
function body(text: string): string {
  return text.replaceAll('@{', '$' + '{');
}

describe('expandSnippet', () => {
  it('takes every tab stop at its default, mirrors and transforms them, and fills variables', () => {
    expect(expandSnippet(body('# @{1/(.*)/@{1:/capitalize}/} @{1:prod} @{2|a,b|} $1 @{1} $0'), {})).toBe(
      '# Prod prod a prod prod ',
    );
    expect(expandSnippet(body('@{1:v@{YEAR}-@{2:x}} $2 @{NONE:fallback} $YEAR'), { YEAR: '2026' })).toBe(
      'v2026-x x fallback 2026',
    );
    expect(expandSnippet(body('@{1:{service\\}} \\$HOME'), {})).toBe('{service} $HOME');
  });

  it('throws on an unknown variable or a missing brace', () => {
    expect(() => expandSnippet('$TYPO', {})).toThrow('unknown variable TYPO');
    expect(() => expandSnippet(body('@{1:open'), {})).toThrow('missing }');
  });
});
