import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The nearest folder at or above `from` holding a `package.json`. Shipgate's sources run from `src/…` (through tsx)
 * and, built, from `dist/src/…`; neither holds a `package.json`, so both find the same package root.
 */
export function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json at or above ${from}`);
  }
}

/**
 * Shipgate's package root: where the files an operator edits or ships beside the code live (`templates/`,
 * `manifest.yml`, `config/`), the same whether Shipgate runs from its sources or from the built `dist/`.
 */
export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));
