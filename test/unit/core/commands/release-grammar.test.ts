import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../../src/core/commands/command-grammar.js';
import { releaseGrammar } from '../../../../src/core/commands/release-grammar.js';

describe('/release grammar', () => {
  it('reads suggest with one service', () => {
    expect(parseCommand(releaseGrammar, 'suggest checkout')).toEqual({
      ok: true,
      value: { kind: 'suggest', service: 'checkout' },
    });
    expect(parseCommand(releaseGrammar, 'suggest checkout extra')).toMatchObject({ ok: false });
  });

  it('takes versions, tags, branches and commits for a changelog, but no option-looking or range words', () => {
    expect(parseCommand(releaseGrammar, 'changelog checkout v2.5.3 main')).toEqual({
      ok: true,
      value: { kind: 'changelog', service: 'checkout', from: 'v2.5.3', to: 'main' },
    });
    expect(parseCommand(releaseGrammar, 'changelog checkout a..b')).toMatchObject({ ok: false });
    expect(parseCommand(releaseGrammar, 'changelog checkout $(id)')).toMatchObject({ ok: false });
  });
});
