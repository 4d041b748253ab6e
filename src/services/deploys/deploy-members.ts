import type { DeployRecord } from '../../core/deploys/deploy-record.js';
import type { StepContext } from '../../core/deploys/deploy-types.js';
import type { Runtime } from '../runtime.js';
import { ON_CALL_ROLE } from './deploy-defaults.js';

/**
 * Who holds `role` for this deploy: PagerDuty's on-call (or its config fallback) for the on-call role, the config's
 * members otherwise; bots and apps listed there are left out.
 */
export function membersOf(rt: Runtime, deploy: DeployRecord, role: string): readonly string[] {
  if (role === ON_CALL_ROLE) return rt.roster.humans(deploy.onCall.members);
  return rt.roster.members(role);
}

/** The step context of a deploy, as commands and webhooks receive it. */
export function stepContextOf(
  deploy: Pick<DeployRecord, 'id' | 'service' | 'version' | 'previousVersion' | 'env'>,
): StepContext {
  return {
    deployId: deploy.id,
    service: deploy.service,
    version: deploy.version,
    previousVersion: deploy.previousVersion,
    env: deploy.env,
  };
}
