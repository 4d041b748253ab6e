import type { ReleaseTagState } from '../../core/checklist/deployment-checklist.js';
import type { DeployRecord } from '../../core/deploys/deploy-record.js';

/** Where a deploy's release tag stands, from the releases store (undefined before one was cut). */
export type TagLookup = (deploy: DeployRecord) => ReleaseTagState | undefined;
