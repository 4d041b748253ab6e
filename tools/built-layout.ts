/**
 * Folders of data files that live beside the code and are read relative to it (`new URL('./specs/…',
 * import.meta.url)`): `npm run build` copies each to the same place under `dist/`. A test checks that every such
 * path in `src/` falls in one of them.
 */
export const BUILT_ASSET_DIRS = ['src/sandbox/specs', 'src/sandbox/pagerduty/specs'] as const;

/** The entry points at the top of `dist/`, each importing its compiled module. */
export const BUILT_ENTRY_POINTS = {
  'main.js': './src/main.js',
  'cli.js': './src/cli.js',
} as const;
