import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  copyParts,
  type DockerStage,
  healthcheckCommand,
  lastOf,
  readDockerfile,
  stageNamed,
} from '../../support/dockerfile.js';
import { START_COMMAND } from '../../support/start-command.js';

const stages = readDockerfile('Dockerfile');
const runtime = stages.at(-1) as DockerStage;
const ignored = readFileSync('.dockerignore', 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l !== '' && !l.startsWith('#'));

/** What a stage's RUN lines produce that a later stage copies out of it. */
const PRODUCED_BY: Record<string, RegExp> = { node_modules: /^npm ci\b/, dist: /^npm run build$/ };

const copies = (stage: DockerStage) => stage.instructions.filter((i) => i.keyword === 'COPY');
const runs = (stage: DockerStage) => stage.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.text);
const workdir = (stage: DockerStage): string => {
  const own = lastOf(stage, 'WORKDIR')?.args[0];
  if (own) return own;
  const parent = stages.find((s) => s.name === stage.from);
  return parent ? workdir(parent) : '/';
};

describe('Dockerfile', () => {
  it('builds in stages on node:20-slim', () => {
    expect(stages.length).toBeGreaterThan(1);
    for (const stage of stages) expect(['node:20-slim', ...stages.map((s) => s.name)]).toContain(stage.from);
    expect(runtime.from).toBe('node:20-slim');
  });

  it('copies only paths that exist in the repository and that .dockerignore lets into the context', () => {
    const fromContext = stages.flatMap((s) => copies(s).filter((c) => !c.flags.from));
    expect(fromContext.length).toBeGreaterThan(0);
    for (const copy of fromContext)
      for (const source of copyParts(copy).sources) {
        expect(existsSync(source), `COPY ${source}`).toBe(true);
        const top = source.split('/')[0] ?? '';
        expect(ignored, `.dockerignore excludes ${source}`).not.toContain(top);
        expect(ignored).not.toContain(source);
      }
  });

  it('copies out of earlier stages only what their RUN lines make (node_modules by npm ci, dist by npm run build)', () => {
    const fromStages = stages.flatMap((s) => copies(s).filter((c) => c.flags.from));
    expect(fromStages.map((c) => c.flags.from).sort()).toEqual(['build', 'deps']);
    for (const copy of fromStages) {
      const stage = stageNamed(stages, copy.flags.from ?? '');
      for (const source of copyParts(copy).sources) {
        const root = `${workdir(stage)}/`;
        expect(source.startsWith(root), `${source} is under ${root}`).toBe(true);
        const path = source.slice(root.length);
        const produced = PRODUCED_BY[path];
        expect(produced, `what makes ${path} in ${stage.name}`).toBeDefined();
        expect(runs(stage).some((r) => produced?.test(r))).toBe(true);
      }
    }
    expect(runs(stageNamed(stages, 'deps'))).toContain('npm ci --omit=dev');
  });

  it('builds with every dependency from the sources tsconfig.build.json compiles, and the build tool', () => {
    const build = stageNamed(stages, 'build');
    const copied = copies(build).flatMap((c) => copyParts(c).sources);
    const { include } = JSON.parse(readFileSync('tsconfig.build.json', 'utf8')) as { include: string[] };
    for (const path of [...include, 'tools', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'])
      expect(copied).toContain(path);
    expect(runs(build)).toEqual(expect.arrayContaining(['npm ci', 'npm run build']));
  });

  it('ships what Shipgate reads from its package root beside dist/: templates, manifest, config, the bin', () => {
    const copied = copies(runtime).flatMap((c) => copyParts(c).sources);
    for (const path of [
      'templates',
      'manifest.yml',
      'config',
      'scripts',
      'schema',
      'src/bin.js',
      'package.json',
    ])
      expect(copied).toContain(path);
  });

  it('runs as a non-root user with data/ as a volume, a HEALTHCHECK on /healthz, and node (not npm) as PID 1', () => {
    const user = lastOf(runtime, 'USER')?.args[0];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    expect(lastOf(runtime, 'VOLUME')?.args).toContain(`${workdir(runtime)}/data`);
    expect(lastOf(runtime, 'STOPSIGNAL')?.args).toEqual(['SIGTERM']);
    const health = lastOf(runtime, 'HEALTHCHECK');
    expect(health).toBeDefined();
    const probe = healthcheckCommand(health as NonNullable<typeof health>);
    expect(probe.exec).toBe(true);
    expect(probe.args[0]).toBe('node');
    expect(probe.args.join(' ')).toContain('/healthz');
    expect(lastOf(runtime, 'ENTRYPOINT')).toBeUndefined();
    const cmd = lastOf(runtime, 'CMD');
    expect(cmd?.exec).toBe(true);
    expect(cmd?.args).toEqual([...START_COMMAND]);
  });
});

/** The `[Section]` → key → values of a systemd unit (a key may repeat). */
function parseUnit(text: string): Map<string, Map<string, string[]>> {
  const sections = new Map<string, Map<string, string[]>>();
  let current: Map<string, string[]> | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const section = /^\[(.+)\]$/.exec(line);
    if (section) {
      current = new Map();
      sections.set(section[1] ?? '', current);
      continue;
    }
    const eq = line.indexOf('=');
    if (!current || eq < 0) throw new Error(`not a unit line: ${line}`);
    const key = line.slice(0, eq);
    current.set(key, [...(current.get(key) ?? []), line.slice(eq + 1)]);
  }
  return sections;
}

describe('deploy/shipgate.service', () => {
  const service = parseUnit(readFileSync('deploy/shipgate.service', 'utf8')).get('Service') ?? new Map();
  const one = (key: string) => service.get(key)?.at(-1);

  it('starts the same command as the Dockerfile, with node by its absolute path, from the package root', () => {
    const [node, ...args] = (one('ExecStart') ?? '').split(/\s+/);
    expect(node).toBe('/usr/bin/node');
    expect(['node', ...args]).toEqual([...START_COMMAND]);
    expect(one('WorkingDirectory')).toMatch(/^\//);
  });

  it('runs as its own user with secrets from an environment file, restarts on failure, stops with SIGTERM', () => {
    expect(one('User')).toBe('shipgate');
    expect(one('EnvironmentFile')).toBe('/etc/shipgate/env');
    expect(one('Restart')).toBe('on-failure');
    expect(one('KillSignal')).toBe('SIGTERM');
  });

  it('is hardened: read-only system except data/, no new privileges, no capabilities', () => {
    expect(one('ProtectSystem')).toBe('strict');
    expect(one('NoNewPrivileges')).toBe('yes');
    expect(one('ReadWritePaths')).toBe(`${one('WorkingDirectory')}/data`);
    expect(one('CapabilityBoundingSet')).toBe('');
  });
});
