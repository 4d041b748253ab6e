import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPackageRoot, PACKAGE_ROOT } from '../../../src/package-root.js';
import { BUILT_ASSET_DIRS } from '../../../tools/built-layout.js';

/** Every `new URL('<literal>', import.meta.url)` in src/ and commands/, resolved against its file. */
function moduleRelativePaths(): { file: string; target: string }[] {
  const found: { file: string; target: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|js|mjs)$/.test(entry.name))
        for (const m of readFileSync(path, 'utf8').matchAll(/new URL\('([^']+)', import\.meta\.url\)/g))
          found.push({ file: path, target: relative('.', resolve(dirname(path), m[1] ?? '')) });
    }
  };
  walk('src');
  walk('commands');
  return found;
}

const MODULE = /\.(js|ts|tsx)$/;

describe('files the code reads beside itself', () => {
  const paths = moduleRelativePaths();

  it('are found', () => {
    expect(paths.filter((p) => !MODULE.test(p.target)).length).toBeGreaterThan(0);
  });

  it('lie in a folder npm run build copies into dist/ (BUILT_ASSET_DIRS), so the built code finds them', () => {
    for (const { file, target } of paths.filter((p) => !MODULE.test(p.target))) {
      expect(existsSync(target), `${file}: ${target}`).toBe(true);
      expect(
        BUILT_ASSET_DIRS.some((dir) => target === dir || target.startsWith(`${dir}/`)),
        `${file} reads ${target}, which npm run build does not copy`,
      ).toBe(true);
    }
  });

  it('never reach out of src/ to the package root by a relative path (that differs in dist/): PACKAGE_ROOT does', () => {
    for (const { file, target } of paths.filter((p) => !MODULE.test(p.target)))
      expect(target.startsWith('src/'), `${file}: ${target}`).toBe(true);
  });
});

describe('PACKAGE_ROOT', () => {
  it('is the folder with package.json, found from src/ as from any folder below it (dist/src/…)', () => {
    expect(PACKAGE_ROOT).toBe(resolve('.'));
    expect(findPackageRoot(resolve('src/adapters/templates'))).toBe(resolve('.'));
    expect(findPackageRoot(resolve('dist/src/adapters/templates'))).toBe(resolve('.'));
  });
});
