import { checkConfigFile } from '../config/check-config-file.js';
import { applyWrites, type PlannedWrite, shownPath, undoWrites } from './generated-file.js';
import type { GeneratorContext, GeneratorResult } from './generator-result.js';

/**
 * Writes generated config files, then runs `config check` on `checkPath`: accepted, it prints where it wrote and the
 * check's OK line (with its warnings); refused, it puts every file back as it was and prints the problems, so a
 * generator never leaves a config behind that Shipgate would refuse to start with.
 */
export function writeCheckedConfig(
  writes: readonly PlannedWrite[],
  checkPath: string,
  context: GeneratorContext,
): GeneratorResult {
  applyWrites(writes);
  const check = checkConfigFile(checkPath);
  const output = check.output.replace(checkPath, shownPath(checkPath, context.cwd));
  const wrote = writes.map((w) => `Wrote ${shownPath(w.path, context.cwd)}`);
  if (!check.ok) {
    undoWrites(writes);
    return {
      exitCode: 1,
      stdout: '',
      stderr: `shipgate new: config check refuses the result, so nothing was written:\n${output}\n`,
      wrote: [],
    };
  }
  return {
    exitCode: 0,
    stdout: `${wrote.join('\n')}\nconfig check: ${output}\n`,
    stderr: '',
    wrote: writes.map((w) => w.path),
  };
}
