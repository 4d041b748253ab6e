import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultSpecsDir, loadMethodSpecs } from '../../../src/sandbox/spec-loader.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('loadMethodSpecs', () => {
  it('uses the specs vendored in the repository by default', () => {
    expect(defaultSpecsDir({})).toBe(resolve(process.cwd(), 'src/sandbox/specs/slack/methods'));
    expect(loadMethodSpecs().get('chat.postMessage')?.required).toContain('channel');
  });

  it('lets SHIPGATE_SLACK_SPECS point somewhere else', () => {
    expect(defaultSpecsDir({ SHIPGATE_SLACK_SPECS: '/tmp/elsewhere' })).toBe('/tmp/elsewhere');
  });

  it('reads required arguments without token, and the error list, from the method files', () => {
    const specs = loadMethodSpecs();
    const create = specs.get('conversations.create');
    expect(create?.required).toEqual(['name']);
    expect(create?.errors.has('name_taken')).toBe(true);
    expect(create?.errors.has('invalid_name_specials')).toBe(true);
    expect(specs.get('chat.update')?.required).toEqual(['ts', 'channel']);
    expect(specs.get('bookmarks.add')?.properties.title?.maxLength).toBe(256);
  });

  it('falls back to built-in specs for the upload pair and the directory methods a specs folder lacks', () => {
    const dir = mkdtempSync(join(tmpdir(), 'specs-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'auth.test.json'), JSON.stringify({ args: { required: ['token'] }, errors: {} }));
    const specs = loadMethodSpecs(dir);
    expect([...specs.keys()].sort()).toEqual([
      'auth.test',
      'conversations.list',
      'conversations.members',
      'files.completeUploadExternal',
      'files.getUploadURLExternal',
    ]);
    expect(specs.get('files.getUploadURLExternal')?.required).toEqual(['length', 'filename']);
  });

  it('refuses a folder that does not exist', () => {
    expect(() => loadMethodSpecs('/nonexistent/specs')).toThrow(/SHIPGATE_SLACK_SPECS/);
  });
});
