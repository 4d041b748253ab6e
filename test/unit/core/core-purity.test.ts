import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CORE = resolve('src/core');
const ALLOWED_PACKAGES = /^(zod|semver|date-fns|@date-fns\/tz)(\/|$)/;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('src/core', () => {
  it('imports only src/core and the pure libraries (no I/O, no SDKs)', () => {
    const offenders: string[] = [];
    for (const file of files(CORE)) {
      const source = readFileSync(file, 'utf8');
      for (const match of source.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
        const spec = match[1] as string;
        const ok = spec.startsWith('.')
          ? resolve(dirname(file), spec).startsWith(CORE)
          : ALLOWED_PACKAGES.test(spec);
        if (!ok) offenders.push(`${relative('.', file)} imports ${spec}`);
      }
      if (/\b(Date\.now|new Date\(\))/.test(source)) offenders.push(`${relative('.', file)} reads the clock`);
      if (/\bprocess\./.test(source)) offenders.push(`${relative('.', file)} touches process`);
    }
    expect(offenders).toEqual([]);
  });
});
