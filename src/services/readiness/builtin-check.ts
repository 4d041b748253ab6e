import type { ChecklistCheck, ReadinessBuiltin } from '../../core/config/readiness-checklist-schema.js';
import type { ServiceConfig } from '../../core/config/shipgate-config-schema.js';
import { AGENTS_SUBJECT, lastStopDrill } from '../oversight/emergency-stop-drill.js';
import type { ReadinessRuntime } from './readiness-runtime.js';

/** What a built-in check found. */
export interface BuiltinOutcome {
  readonly ok: boolean;
  readonly reason: string;
  readonly evidence?: string;
}

/** How many recent deploys of a service `tests_passed` looks through. */
const HISTORY = 200;

/** Runs one of Shipgate's built-in checks for a service version in an environment. */
export async function builtinCheck(
  rt: ReadinessRuntime,
  builtin: ReadinessBuiltin,
  check: ChecklistCheck,
  subject: {
    readonly service: string;
    readonly version: string;
    readonly env: string;
    readonly config: ServiceConfig;
  },
): Promise<BuiltinOutcome> {
  switch (builtin) {
    case 'oncall_scheduled': {
      const onCall = await rt.onCall.resolve(subject.config, rt.clock.now());
      const source = onCall.source === 'pagerduty' ? 'PagerDuty' : "the config's on-call-engineer role";
      const note = onCall.note ? ` (${onCall.note})` : '';
      if (onCall.members.length === 0)
        return { ok: false, reason: `nobody is on call according to ${source}${note}` };
      return {
        ok: true,
        reason: `${onCall.members.length} on call according to ${source}${note}`,
        evidence: onCall.members.join(', '),
      };
    }
    case 'rollback_runbook': {
      const path = check.path ?? `runbooks/rollback-${subject.env}.md`;
      const file = await rt.readinessProbes.repositoryFile(subject.service, path);
      switch (file.kind) {
        case 'no_repository':
          return {
            ok: false,
            reason: `${subject.service} has no repository configured, so ${path} cannot be found`,
          };
        case 'missing':
          return { ok: false, reason: `no rollback runbook at ${file.where}` };
        case 'found':
          return { ok: true, reason: `rollback runbook ${file.where} exists` };
      }
      return { ok: false, reason: 'unknown repository answer' };
    }
    case 'monitoring_configured': {
      const queries = Object.keys(subject.config.watch?.queries ?? {});
      if (queries.length === 0)
        return {
          ok: false,
          reason: `${subject.service} has no watch queries (services.${subject.service}.watch.queries)`,
        };
      return { ok: true, reason: `watch queries: ${queries.join(', ')}` };
    }
    case 'tests_passed':
      return await testsPassed(rt, subject);
    case 'emergency_stop_tested':
      return await emergencyStopTested(rt);
  }
}

/**
 * Passes when a `/shipgate agents stop` followed by `agents resume` was recorded no longer ago than
 * `readiness.attestation_valid_for` (the same period an attested item stays valid).
 */
async function emergencyStopTested(rt: ReadinessRuntime): Promise<BuiltinOutcome> {
  const drill = rt.events ? lastStopDrill(await rt.events.forSubject(AGENTS_SUBJECT)) : undefined;
  const valid = rt.config.config.readiness?.attestation_valid_for ?? { ms: 30 * 86_400_000, text: '30d' };
  const validMs = valid.ms;
  const period = `readiness.attestation_valid_for (${valid.text})`;
  if (!drill)
    return {
      ok: false,
      reason: 'no emergency-stop drill is recorded: run /shipgate agents stop, then /shipgate agents resume',
    };
  const age = rt.clock.now().getTime() - drill.resumedAt.getTime();
  const when = `${drill.stoppedAt.toISOString()} (stopped by ${drill.stoppedBy}, resumed by ${drill.resumedBy})`;
  if (age > validMs)
    return { ok: false, reason: `the last emergency-stop drill, ${when}, is older than ${period}` };
  return { ok: true, reason: `emergency-stop drill ${when}`, evidence: drill.resumedAt.toISOString() };
}

/** Passes when a deploy of the same version to another environment recorded every pre-deployment validation passing. */
async function testsPassed(
  rt: ReadinessRuntime,
  subject: { readonly service: string; readonly version: string; readonly env: string },
): Promise<BuiltinOutcome> {
  const runs = (await rt.deploys.recent(HISTORY, subject.service)).filter(
    (d) => d.version === subject.version && d.env !== subject.env && d.validations.length > 0,
  );
  const passed = runs.find((d) => d.validations.every((v) => v.ok));
  if (passed)
    return {
      ok: true,
      reason: `${passed.id} in ${passed.env} passed ${passed.validations.map((v) => v.name).join(', ')}`,
    };
  const failed = runs[0];
  if (failed) {
    const names = failed.validations.filter((v) => !v.ok).map((v) => v.name);
    return { ok: false, reason: `${failed.id} in ${failed.env} failed ${names.join(', ')}` };
  }
  return { ok: false, reason: `no recorded test run of ${subject.version}` };
}
