import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { yamlQuoted, yamlScalar } from '../../../../src/core/generators/yaml-scalar.js';

describe('yamlScalar and yamlQuoted', () => {
  it('read back as the same string, in a block mapping and inside a flow mapping', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(parse(`key: ${yamlScalar(text)}\n`)).toEqual({ key: text });
        expect(parse(`key: { inner: ${yamlQuoted(text)}, other: 1 }\n`)).toEqual({
          key: { inner: text, other: 1 },
        });
      }),
      { numRuns: 500 },
    );
  });

  it('leave paths and command lines plain, and quote what YAML would read otherwise', () => {
    expect(yamlScalar('../scripts/deploy.sh {service} {version}')).toBe(
      '../scripts/deploy.sh {service} {version}',
    );
    expect(yamlScalar('true')).toBe("'true'");
    expect(yamlScalar('10%')).toBe("'10%'");
    expect(yamlScalar('a: b')).toBe("'a: b'");
    expect(yamlScalar("it's")).toBe("'it''s'");
    expect(yamlQuoted('line\nbreak')).toBe('"line\\nbreak"');
  });
});
