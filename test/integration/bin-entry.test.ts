import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** A package with Shipgate's real `src/bin.js`, a one-line CLI source and a one-line built CLI. */
function fakePackage(): string {
  const dir = mkdtempSync(join(tmpdir(), 'shipgate-bin-'));
  mkdirSync(join(dir, 'src'));
  mkdirSync(join(dir, 'dist'));
  copyFileSync(resolve('src/bin.js'), join(dir, 'src/bin.js'));
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
  writeFileSync(join(dir, 'src/cli.ts'), "const where: string = 'sources';\nconsole.log(where);\n");
  writeFileSync(join(dir, 'dist/cli.js'), "console.log('dist');\n");
  symlinkSync(resolve('node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

const run = (dir: string, env: NodeJS.ProcessEnv) =>
  execFileSync(process.execPath, [join(dir, 'src/bin.js')], { env: { PATH: process.env.PATH, ...env } })
    .toString()
    .trim();

describe('the shipgate bin', () => {
  it('runs the built CLI when dist/ exists, the sources when asked to or when there is no build', () => {
    const dir = fakePackage();
    expect(run(dir, {})).toBe('dist');
    expect(run(dir, { SHIPGATE_FROM_SOURCE: '1' })).toBe('sources');
    rmSync(join(dir, 'dist'), { recursive: true });
    expect(run(dir, {})).toBe('sources');
  });

  it('runs the built CLI of an artifact without sources even when SHIPGATE_FROM_SOURCE is set', () => {
    const dir = fakePackage();
    rmSync(join(dir, 'src/cli.ts'));
    expect(run(dir, { SHIPGATE_FROM_SOURCE: '1' })).toBe('dist');
  });
});
