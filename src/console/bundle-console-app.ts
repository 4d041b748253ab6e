import { fileURLToPath } from 'node:url';

/** The console's browser app, bundled: the script and the stylesheet the page loads. */
export interface ConsoleBundle {
  readonly js: string;
  readonly css: string;
}

/** Where the browser app's entry point lives. */
export const CONSOLE_APP_ENTRY = fileURLToPath(new URL('./app/main.tsx', import.meta.url));

/**
 * Bundles the browser app in memory with esbuild (its binary comes from npm as an optional dependency; nothing is
 * downloaded): Preact, the renderer and the emoji data into one ES module and one stylesheet. esbuild is a
 * development dependency, loaded only here: `npm run build` bundles once into `dist/`, and the built artifact
 * serves that bundle (see `loadConsoleBundle`) without esbuild installed.
 */
export async function bundleConsoleApp(): Promise<ConsoleBundle> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [CONSOLE_APP_ENTRY],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    outdir: 'console-out',
    logLevel: 'silent',
    legalComments: 'none',
  });
  const find = (ext: string) => result.outputFiles.find((f) => f.path.endsWith(ext))?.text ?? '';
  return { js: find('.js'), css: find('.css') };
}
