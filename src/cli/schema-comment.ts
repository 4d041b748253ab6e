import { dirname, join, relative, sep } from 'node:path';
import { PACKAGE_ROOT } from '../package-root.js';

/** The project's `schema/` folder: the JSON Schemas editors validate Shipgate's YAML files with. */
export const SCHEMA_DIR = join(PACKAGE_ROOT, 'schema');

/**
 * The first line of a generated YAML file: the yaml-language-server modeline that points editors at the file's JSON
 * Schema (`environment` for an environment policy, `shipgate` for a main config), by a path relative to the file
 * so it keeps working wherever the project is checked out.
 */
export function schemaComment(
  file: string,
  schema: 'environment' | 'shipgate',
  schemaDir = SCHEMA_DIR,
): string {
  const rel = relative(dirname(file), schemaDir).split(sep).join('/');
  return `# yaml-language-server: $schema=${rel === '' ? '.' : rel}/${schema}.schema.json`;
}
