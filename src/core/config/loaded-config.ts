import type { EnvironmentPolicy } from './environment-policy-schema.js';
import type { ReadinessChecklist } from './readiness-checklist-schema.js';
import type { ShipgateConfig } from './shipgate-config-schema.js';

/** The main config plus every environment policy, all validated and cross-checked. */
export interface LoadedConfig {
  /** Absolute path of the main config file. */
  readonly path: string;
  readonly config: ShipgateConfig;
  /** Environment policies keyed by their `environment:` name. */
  readonly environments: ReadonlyMap<string, EnvironmentPolicy>;
  /** Absolute path of the file each environment policy came from. */
  readonly environmentFiles: ReadonlyMap<string, string>;
  /** SHA-256 of each environment policy file as loaded: the authority an automatic rollback names. */
  readonly environmentHashes?: ReadonlyMap<string, string>;
  /** The readiness checklist (`readiness.checklist`), when `readiness:` is configured; `path` is absolute. */
  readonly readiness?: { readonly checklist: ReadinessChecklist; readonly path: string };
}
