import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundleConsoleApp, type ConsoleBundle } from './bundle-console-app.js';

/** The names `npm run build` gives the bundled browser app's script and stylesheet. */
export const CONSOLE_BUNDLE_FILES = { js: 'console-app.bundle.js', css: 'console-app.bundle.css' } as const;

/**
 * Where `npm run build` leaves the browser app's bundle: beside this module, so in `dist/src/console/`. The sources
 * (`src/console/`) never hold one, so `npm start` bundles the app as it is now.
 */
export const PREBUILT_CONSOLE_BUNDLE = {
  js: fileURLToPath(new URL(`./${CONSOLE_BUNDLE_FILES.js}`, import.meta.url)),
  css: fileURLToPath(new URL(`./${CONSOLE_BUNDLE_FILES.css}`, import.meta.url)),
} as const;

/**
 * The console's browser app: the bundle built into `dist/` when there is one (the production artifact runs the
 * sandbox without esbuild), else bundled now with esbuild.
 */
export async function loadConsoleBundle(): Promise<ConsoleBundle> {
  const { js, css } = PREBUILT_CONSOLE_BUNDLE;
  if (existsSync(js) && existsSync(css))
    return { js: readFileSync(js, 'utf8'), css: readFileSync(css, 'utf8') };
  return bundleConsoleApp();
}
