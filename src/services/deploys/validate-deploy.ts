import { SHIPGATE } from '../../core/actor.js';
import type { ValidationResult } from '../../core/deploys/deploy-record.js';
import { ownEntry } from '../../core/own-entry.js';
import { joinRich, rich } from '../../core/text/rich-text.js';
import type { Runtime } from '../runtime.js';
import { armApprovalTimers } from './approval-clock.js';
import { ON_CALL_ROLE } from './deploy-defaults.js';
import { applyDeployEvent, recordDeployChange, tellUser, threadNote } from './deploy-lifecycle.js';
import { stepContextOf } from './deploy-members.js';
import { readDeployRelease } from './read-deploy-release.js';
import { passReadinessGate } from './readiness-gate.js';

const codeBlock = (output: string) => (output ? rich`\n\`\`\`${output}\`\`\`` : rich``);

/**
 * Runs the readiness gate (environments with a minimum score), reads the commits (which may raise the approval
 * rule), then the environment's pre-deployment validations (chapter 3.4) for a deploy in `validating`, one by one with their
 * timeouts, showing each result in the message. A required check that fails (or is not bound to anything) refuses
 * the deploy with its output's last lines; otherwise the approval request opens with its timers (or, where the
 * environment needs no approval, the deploy is approved at once). Leaves the deploy in its next state; the caller
 * moves it on.
 */
export async function runValidations(rt: Runtime, id: string): Promise<void> {
  const deploy = await rt.deploys.get(id);
  const policy = deploy && rt.config.environments.get(deploy.env);
  const service = deploy && ownEntry(rt.config.config.services, deploy.service);
  if (deploy?.state !== 'validating' || !policy || !service) return;
  if (!(await passReadinessGate(rt, id))) return;
  await readDeployRelease(rt, id);
  rt.notifier.flush();
  const validator = rt.validatorFor(deploy.service);
  const results: ValidationResult[] = [];
  for (const check of policy.validation.pre_deployment) {
    if ((await rt.deploys.get(id))?.state !== 'validating') return;
    const outcome = validator.has(check.name)
      ? await validator.run(check.name, stepContextOf(deploy))
      : {
          ok: false,
          summary: `not bound to a command or check for ${deploy.service}`,
          output: '',
          durationMs: 0,
          timedOut: false,
        };
    const result: ValidationResult = {
      name: check.name,
      level: check.level as 'required' | 'optional',
      ok: outcome.ok,
      summary: outcome.summary,
      output: outcome.output,
    };
    results.push(result);
    await recordDeployChange(
      rt,
      id,
      'deploy.validation',
      SHIPGATE,
      { validations: [...results] },
      { name: check.name, ok: outcome.ok, summary: outcome.summary },
    );
    if (!outcome.ok)
      await threadNote(rt, id, rich`*${check.name}* failed: ${outcome.summary}${codeBlock(outcome.output)}`);
    rt.notifier.flush();
  }
  if ((await rt.deploys.get(id))?.state !== 'validating') return;
  const failed = results.filter((r) => !r.ok && r.level === 'required');
  if (failed.length > 0) {
    const names = failed.map((r) => r.name).join(', ');
    const refused = await applyDeployEvent(rt, id, 'validations_failed', SHIPGATE, {
      outcome: `refused: ${names} failed`,
      finishedAt: rt.clock.now(),
    });
    const details = failed.map(
      (r) => rich`*${r.name}*: ${r.summary}${codeBlock(r.output.split('\n').slice(-10).join('\n'))}`,
    );
    await tellUser(
      rt,
      refused,
      refused.requester,
      rich`:x: ${id} is refused: required pre-deployment validation failed.\n${joinRich(details, '\n')}`,
    );
    return;
  }
  await rt.roster.refresh(rt.clock.now()).catch((err: unknown) => {
    rt.logger.warn({ err }, 'could not check which role members are people; offering the config members');
    return [];
  });
  const roles = (await rt.deploys.get(id))?.requiredRoles ?? deploy.requiredRoles;
  const onCall = roles.includes(ON_CALL_ROLE)
    ? await rt.onCall.resolve(service, rt.clock.now())
    : { members: [], source: 'config' as const };
  if (roles.length === 0) {
    await applyDeployEvent(rt, id, 'no_approval_needed', SHIPGATE, { onCall });
    return;
  }
  await rt.tx.transaction(async () => {
    await applyDeployEvent(rt, id, 'validations_passed', SHIPGATE, { onCall });
    await armApprovalTimers(rt, id, policy.approval.timeout?.ms ?? 30 * 60_000);
  });
  rt.notifier.flush();
}
