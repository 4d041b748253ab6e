import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const CONFIG = resolve('.dependency-cruiser.cjs');
const DEPCRUISE = resolve('node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Lays out a tiny project with `files` and runs the project's layer rules over it; returns the rules broken. */
async function brokenRules(files: Record<string, string>): Promise<string[]> {
  dir = mkdtempSync(join(tmpdir(), 'shipgate-layers-'));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }),
  );
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const { stdout } = await run(
    process.execPath,
    [DEPCRUISE, 'src', 'commands', '--config', CONFIG, '--output-type', 'json', '--no-progress'],
    { cwd: dir, maxBuffer: 16 * 1024 * 1024 },
  ).catch((err: { stdout: string }) => ({ stdout: err.stdout }));
  const result = JSON.parse(stdout) as { summary: { violations: { rule: { name: string } }[] } };
  return [...new Set(result.summary.violations.map((v) => v.rule.name))].sort();
}

const LAYERED = {
  'src/core/plan.ts': 'export const plan = (n: number): number => n + 1;\n',
  'src/services/ports/notifier.ts': 'export interface Notifier { post(text: string): void }\n',
  'src/services/deploy.ts':
    "import { plan } from '../core/plan.js';\nimport type { Notifier } from './ports/notifier.js';\nexport const deploy = (n: Notifier) => n.post(String(plan(1)));\n",
  'src/slack/notifier.ts':
    "import type { Notifier } from '../services/ports/notifier.js';\nexport const notifier: Notifier = { post: () => undefined };\n",
  'commands/deploy.ts': "import { deploy } from '../src/services/deploy.js';\nexport const run = deploy;\n",
};

describe('layer rules (npm run lint)', () => {
  it('accept a layout whose imports point one way', async () => {
    expect(await brokenRules(LAYERED)).toEqual([]);
  });

  it('refuse a service that imports Slack code, even for a type', async () => {
    expect(
      await brokenRules({
        ...LAYERED,
        'src/services/deploy.ts':
          "import type { notifier } from '../slack/notifier.js';\nexport const deploy = (n: typeof notifier) => n;\n",
      }),
    ).toEqual(['services-speak-through-ports']);
  });

  it('refuse an import cycle', async () => {
    expect(
      await brokenRules({
        ...LAYERED,
        'src/services/a.ts': "import { b } from './b.js';\nexport const a = () => b();\n",
        'src/services/b.ts': "import { a } from './a.js';\nexport const b = (): unknown => a;\n",
      }),
    ).toEqual(['no-cycles']);
  });

  it('refuse a core module that does I/O or reaches outside the core', async () => {
    expect(
      await brokenRules({
        ...LAYERED,
        'src/core/plan.ts':
          "import { readFileSync } from 'node:fs';\nimport type { Notifier } from '../services/ports/notifier.js';\nexport const plan = (n: Notifier) => n.post(readFileSync('x', 'utf8'));\n",
      }),
    ).toEqual(['core-is-pure']);
  });

  it('refuse storage reached from a service instead of through a port', async () => {
    expect(
      await brokenRules({
        ...LAYERED,
        'src/store/deploys.ts': 'export class DeployRepository {}\n',
        'src/services/deploy.ts':
          "import { DeployRepository } from '../store/deploys.js';\nexport const deploy = () => new DeployRepository();\n",
      }),
    ).toEqual(['services-speak-through-ports']);
  });

  const PACKAGES = {
    'package.json': JSON.stringify({
      type: 'module',
      dependencies: { '@slack/web-api': '1.0.0' },
      devDependencies: { devtool: '1.0.0' },
    }),
    'node_modules/devtool/package.json': JSON.stringify({
      name: 'devtool',
      type: 'module',
      main: 'index.js',
    }),
    'node_modules/devtool/index.js': 'export const tool = 1;\n',
    'node_modules/@slack/web-api/package.json': JSON.stringify({ name: '@slack/web-api', main: 'index.js' }),
    'node_modules/@slack/web-api/index.js': 'exports.WebClient = class {};\n',
  };

  it('refuse a service that imports an SDK from node_modules', async () => {
    expect(
      await brokenRules({
        ...LAYERED,
        ...PACKAGES,
        'src/services/deploy.ts':
          "import { WebClient } from '@slack/web-api';\nexport const deploy = () => new WebClient();\n",
      }),
    ).toEqual(['block-kit-only-in-slack', 'services-use-no-sdks']);
  });

  it('refuse runtime code that imports a devDependency, but not one loaded with import() (npm ci --omit=dev)', async () => {
    expect(
      await brokenRules({
        ...LAYERED,
        ...PACKAGES,
        'src/slack/notifier.ts':
          "import { tool } from 'devtool';\nexport const notifier = { post: () => tool };\n",
      }),
    ).toEqual(['runtime-needs-no-dev-dependencies']);
    expect(
      await brokenRules({
        ...LAYERED,
        ...PACKAGES,
        'src/slack/notifier.ts':
          "export const notifier = { post: async () => (await import('devtool')).tool };\n",
      }),
    ).toEqual([]);
  });
});
