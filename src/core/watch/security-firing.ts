import type { TriggerFiring } from './watch-sample.js';

/** The trigger kind (and rule text) of a security incident, as `rollback.triggers` lists it. */
export const SECURITY_TRIGGER = 'security_incident';

/**
 * The `security_incident` trigger fired by a person rather than a metric (`/rollback --security`, or a SEV-1
 * declared with `--security`): one firing with a streak of 1 and the human's words as its detail, so the thread,
 * the audit and the rollback's block reason say why exactly as a metric trigger would.
 */
export function securityFiring(detail: string): TriggerFiring {
  return { trigger: SECURITY_TRIGGER, rule: SECURITY_TRIGGER, streak: 1, detail };
}
