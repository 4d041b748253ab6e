import { resolve } from 'node:path';
import { runtimeEnvSchema } from '../runtime-env.js';

/**
 * The Shipgate database a CLI command works on, absolute: `db` (its `--db`), else `SHIPGATE_DB`, else the runtime
 * contract's default `data/shipgate.db`, relative paths taken from the working directory as Shipgate takes them.
 */
export function shipgateDbPath(db: string | undefined, env: NodeJS.ProcessEnv): string {
  return resolve(db ?? runtimeEnvSchema.shape.SHIPGATE_DB.parse(env.SHIPGATE_DB?.trim() || undefined));
}
