import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Where the main config lives, per the runtime contract: `SHIPGATE_CONFIG` if set, else `config/shipgate.yml` if it
 * exists, else `config/shipgate.example.yml`. Relative paths are taken from `cwd`; the result is absolute.
 */
export function resolveConfigPath(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  const explicit = env.SHIPGATE_CONFIG?.trim();
  if (explicit) return resolve(cwd, explicit);
  const own = resolve(cwd, 'config/shipgate.yml');
  return existsSync(own) ? own : resolve(cwd, 'config/shipgate.example.yml');
}
