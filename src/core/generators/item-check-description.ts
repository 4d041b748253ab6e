import type { ChecklistItem, ReadinessBuiltin } from '../config/readiness-checklist-schema.js';

const BUILTINS: Readonly<Record<ReadinessBuiltin, (item: ChecklistItem, env: string) => string>> = {
  oncall_scheduled: () =>
    'Shipgate asks PagerDuty who is on call for the service (else the on-call-engineer role) (built-in oncall_scheduled)',
  rollback_runbook: (item, env) =>
    `Shipgate looks for ${item.check?.path ?? `runbooks/rollback-${env}.md`} in the service's repository (built-in rollback_runbook; \`npx shipgate new rollback-runbook\` writes one)`,
  monitoring_configured: () =>
    'Shipgate checks the service has watch queries (built-in monitoring_configured)',
  tests_passed: () =>
    'Shipgate looks for a deploy of the same version to another environment that passed every pre-deployment validation (built-in tests_passed)',
  emergency_stop_tested: () =>
    'Shipgate looks for a recorded `/shipgate agents stop` → `agents resume` drill (built-in emergency_stop_tested)',
};

/**
 * How Shipgate decides a readiness checklist item, in words for a readiness document: the built-in check, the
 * command it runs (exit 0 passes) or the URL it asks (2xx passes) with the timeout, or the role whose member ticks
 * it on the `/readiness` message.
 */
export function itemCheckDescription(item: ChecklistItem, env: string): string {
  const check = item.check;
  if (item.attest !== undefined || check === undefined)
    return `a member of ${item.attest?.role ?? 'its role'} ticks it on the /readiness message`;
  if (check.builtin !== undefined) return BUILTINS[check.builtin](item, env);
  if (check.command !== undefined)
    return `Shipgate runs \`${check.command}\` (exit 0 passes, timeout ${check.timeout.text})`;
  return `Shipgate asks \`GET ${check.http ?? ''}\` (2xx passes, timeout ${check.timeout.text})`;
}
