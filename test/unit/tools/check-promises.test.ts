import { resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { findPromiseMisuse } from '../../../tools/check-promises.js';

const root = resolve(import.meta.dirname, '../../..');
const fixture = resolve(root, 'test/fixtures/promises/misused.ts');
const options: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  types: [],
  lib: ['lib.es2023.d.ts'],
};

describe('the promise check', () => {
  it('finds a dropped promise, async functions where a plain result is expected, and promises as conditions or text', () => {
    const findings = findPromiseMisuse([fixture], options, root);
    const lines = findings.map((f) => Number(f.split(':')[1]));
    expect(findings.map((f) => f.split(': ')[1])).toEqual([
      'a promise is dropped (await it, or void it on purpose)',
      'an async function where a plain result is expected',
      'an async function where a plain result is expected',
      'a promise used as a condition',
      'a promise written into a string',
    ]);
    expect(lines).toEqual([6, 7, 10, 11, 12]);
  });
});
