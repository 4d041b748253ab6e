/**
 * `npm run build`: the production artifact in `dist/`. It compiles `src/` and `commands/` with tsc (to
 * `dist/src/…` and `dist/commands/…`, the layout of the sources, so every `import.meta.url`-relative path keeps
 * working), copies the data files that live beside the code (the vendored Slack and PagerDuty specs), bundles the
 * console's browser app once (so the artifact serves it without esbuild), and writes the two entry points,
 * `dist/main.js` (what `npm start`, the Dockerfile and the systemd unit run) and `dist/cli.js` (what the `shipgate`
 * bin runs when `dist/` exists). Files an operator edits (`templates/`, `manifest.yml`, `config/`) stay at the
 * package root and are found from there (`src/package-root.ts`).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleConsoleApp } from '../src/console/bundle-console-app.js';
import { CONSOLE_BUNDLE_FILES } from '../src/console/load-console-bundle.js';
import { BUILT_ASSET_DIRS, BUILT_ENTRY_POINTS } from './built-layout.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], {
  cwd: root,
  stdio: 'inherit',
});

for (const dir of BUILT_ASSET_DIRS) cpSync(join(root, dir), join(dist, dir), { recursive: true });

const bundle = await bundleConsoleApp();
const consoleDir = join(dist, 'src/console');
mkdirSync(consoleDir, { recursive: true });
writeFileSync(join(consoleDir, CONSOLE_BUNDLE_FILES.js), bundle.js);
writeFileSync(join(consoleDir, CONSOLE_BUNDLE_FILES.css), bundle.css);

for (const [file, target] of Object.entries(BUILT_ENTRY_POINTS))
  writeFileSync(
    join(dist, file),
    `// Built by npm run build: runs ${target.slice(2)}.\nimport '${target}';\n`,
  );

process.stdout.write(`built ${dist}\n`);
