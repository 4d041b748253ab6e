/**
 * Layer rules (design.md §2): imports point one way — commands/, src/slack, src/http, src/cli → src/services →
 * src/core — and services reach storage, timers, Slack, PagerDuty and deploy targets only through the ports in
 * src/services/ports, implemented in src/store, src/scheduler, src/slack and src/adapters and wired together by the
 * composition roots at the top of src/. `npm run lint` fails on any violation.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'Import cycles make every later capability trip over the order modules load in.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-is-pure',
      comment:
        'src/core is the pure domain: only itself plus zod, semver and the date libraries; no I/O, no SDKs.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: {
        pathNot: ['^src/core/', '^node_modules/(zod|semver|date-fns|@date-fns/tz)/'],
      },
    },
    {
      name: 'services-speak-through-ports',
      comment:
        'Services never import Slack code, entry points, storage, the scheduler, adapters or the composition root: they use src/core and the ports in src/services/ports.',
      severity: 'error',
      from: { path: '^src/services/' },
      to: {
        path: [
          '^src/(slack|http|cli|sandbox|store|scheduler|adapters|config)/',
          '^commands/',
          '^src/[^/]+\\.ts$',
        ],
      },
    },
    {
      name: 'services-use-no-sdks',
      comment: 'Services know no Slack, PagerDuty, SQLite or HTTP SDK; those live behind ports.',
      severity: 'error',
      from: { path: '^src/services/' },
      to: {
        path: '^node_modules/(@slack|@pagerduty|better-sqlite3|pg|kysely|undici|node-cron|mustache|date-holidays)',
      },
    },
    {
      name: 'block-kit-only-in-slack',
      comment:
        'Block Kit (and the Slack SDKs) are built and called only in src/slack (the sandbox plays Slack itself).',
      severity: 'error',
      from: { path: '^(src/(core|services|store|scheduler|adapters|cli|config)|commands)/' },
      to: { path: '^node_modules/@slack/' },
    },
    {
      name: 'commands-are-thin',
      comment:
        'A command file parses with the core grammar, calls a service and lets src/slack render the answer.',
      severity: 'error',
      from: { path: '^commands/' },
      to: { path: '^src/', pathNot: '^src/(core|services|slack)/' },
    },
    {
      name: 'adapters-do-not-call-up',
      comment: 'Store, scheduler and adapters implement ports; they never call the workflows or Slack code.',
      severity: 'error',
      from: { path: '^src/(store|scheduler|adapters)/' },
      to: { path: ['^src/(slack|http|cli|sandbox)/', '^commands/', '^src/services/(?!ports/)'] },
    },
    {
      name: 'console-app-is-browser-only',
      comment:
        "The web console's browser app (src/console/app) is bundled for the page: it imports only itself, Preact and the emoji data, never Shipgate's server code.",
      severity: 'error',
      from: { path: '^src/console/app/' },
      to: { pathNot: ['^src/console/app/', '^node_modules/(preact|emojibase-data)/'] },
    },
    {
      name: 'nothing-imports-the-console-app',
      comment:
        'Server code reaches the browser app only through the bundler (by path) and its API types; never its components.',
      severity: 'error',
      from: { pathNot: '^src/console/app/' },
      to: { path: '^src/console/app/', pathNot: '^src/console/app/console-api-types\\.ts$' },
    },
    {
      name: 'runtime-needs-no-dev-dependencies',
      comment:
        "The production artifact is installed with npm ci --omit=dev: Shipgate's code loads a devDependency (esbuild, tsx) only with import() on a path the built artifact never takes; type-only imports are erased.",
      severity: 'error',
      from: { path: '^(src|commands)/', pathNot: '^src/console/app/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only', 'dynamic-import'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
    exclude: { path: '^(test|dist)/' },
  },
};
