import { SHIPGATE } from '../../core/actor.js';
import { requiredRoles } from '../../core/deploys/approval-policy.js';
import { effectiveBump } from '../../core/releases/effective-bump.js';
import { rich } from '../../core/text/rich-text.js';
import { readRelease } from '../releases/read-release.js';
import type { Runtime } from '../runtime.js';
import { recordDeployChange, threadNote } from './deploy-lifecycle.js';

/**
 * Reads the deploy's commits before anyone is asked to approve (chapter 4.1–4.2) and stores what they say. When the
 * requested version is a PATCH or MINOR but the range holds a breaking change or features, the bump — and so the
 * approval rule — rises to the bigger one; the approval message lists the commits that caused it. A range Shipgate
 * cannot read (no repository, unknown tag, git failing) is stored and said in the message, never ignored.
 */
export async function readDeployRelease(rt: Runtime, id: string): Promise<void> {
  const deploy = await rt.deploys.get(id);
  const policy = deploy && rt.config.environments.get(deploy.env);
  if (!deploy || !policy || deploy.state !== 'validating' || deploy.release) return;
  const versionBump = deploy.bump;
  const read = await readRelease(rt, {
    service: deploy.service,
    env: deploy.env,
    version: deploy.version,
    since: deploy.previousVersion ?? null,
  });
  if ((await rt.deploys.get(id))?.state !== 'validating') return;
  const facts = { ...read.facts, versionBump };
  const bump = effectiveBump(versionBump, facts);
  const roles =
    bump === versionBump
      ? deploy.requiredRoles
      : requiredRoles({
          policyApprovers: policy.approval.approvers,
          bump,
          bumpApprovers: rt.config.config.bump_approvers,
          emergency: deploy.emergencyReason !== undefined,
          approvalRequired: policy.approval.required,
        });
  await rt.tx.transaction(async () => {
    await recordDeployChange(
      rt,
      id,
      'deploy.release_read',
      SHIPGATE,
      { release: facts, bump, requiredRoles: roles },
      {
        repository: facts.repository,
        ...(facts.note ? { note: facts.note } : {}),
        commits: facts.commitCount ?? 0,
        bump: { from: versionBump, to: bump },
        raisedBy: (facts.raisedBy ?? []).map((c) => c.sha),
      },
    );
    if (bump !== versionBump)
      await threadNote(
        rt,
        id,
        rich`:arrow_up: The commits hold ${bump === 'major' ? 'a breaking change' : 'new features'}: ${deploy.version} is approved as ${bump.toUpperCase()}, not ${versionBump.toUpperCase()} (${roles.join(', ')}).`,
      );
  });
}
