import { resolve } from 'node:path';
import { applyWrites, planWrite, shownPath } from './generated-file.js';
import { type GeneratorContext, type GeneratorResult, generatorFailure } from './generator-result.js';

/**
 * Writes a generated document to `out` (resolved from the working directory) or else `fallback` (relative to it,
 * such as `docs/readiness/checkout.md`), refusing an existing file without `force`; prints where it wrote, and
 * `note` (why a section is empty, where a file is looked for) on stderr.
 */
export function writeDocument(
  text: string,
  where: {
    readonly out?: string | undefined;
    readonly fallback: string;
    readonly force?: boolean | undefined;
  },
  context: GeneratorContext,
  note?: string,
): GeneratorResult {
  const path = resolve(context.cwd, where.out ?? where.fallback);
  const write = planWrite(path, text, where.force === true, context.cwd);
  if (typeof write === 'string') return generatorFailure(1, write);
  applyWrites([write]);
  return {
    exitCode: 0,
    stdout: `Wrote ${shownPath(path, context.cwd)}\n`,
    stderr: note === undefined ? '' : `shipgate new: ${note}\n`,
    wrote: [path],
  };
}
