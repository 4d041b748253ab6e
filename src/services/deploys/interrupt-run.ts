import { SHIPGATE } from '../../core/actor.js';
import type { DeployRecord } from '../../core/deploys/deploy-record.js';
import { rich } from '../../core/text/rich-text.js';
import type { Runtime } from '../runtime.js';
import { applyDeployEvent, threadNote } from './deploy-lifecycle.js';
import { atSafePoint, haltDeploy, pendingRollbackOf } from './halt-deploy.js';

/** What {@link interruptCutOffRun} did. */
export type CutOffRun =
  | { readonly outcome: 'halted'; readonly rollbackId: string }
  | { readonly outcome: 'left' | 'interrupted' | 'not running' };

/**
 * What becomes of a deploy whose run was cut off (the Shipgate running it stopped: a restart, or a replica that
 * died or stalled past its lease). One waiting at a canary gate goes on waiting (its samples are timer rows); one a
 * rollback was ordered against stops here, its cut-off step counted as done, and the caller starts the rollback
 * run (`rollbackId`); any other is marked interrupted — its lane stays locked, because nobody knows how far the
 * target got — and its thread says what to do. A deploy not `running` is left alone.
 */
export async function interruptCutOffRun(rt: Runtime, deploy: DeployRecord): Promise<CutOffRun> {
  if (deploy.state !== 'running') return { outcome: 'not running' };
  const ordered = await pendingRollbackOf(rt, deploy);
  if (ordered) {
    await haltDeploy(rt, deploy.id, ordered.id, 'interrupted by a Shipgate restart');
    return { outcome: 'halted', rollbackId: ordered.id };
  }
  if (atSafePoint(deploy)) return { outcome: 'left' };
  const step = deploy.steps.find((s) => s.state === 'running');
  await applyDeployEvent(rt, deploy.id, 'interrupt', SHIPGATE, {
    steps: deploy.steps.map((s) =>
      s.state === 'running' ? { ...s, state: 'failed', summary: 'interrupted by a restart' } : s,
    ),
    outcome: `interrupted by a Shipgate restart${step ? ` during "${step.label}"` : ''}`,
  });
  const during = step ? rich` (step "${step.label}")` : rich``;
  await threadNote(
    rt,
    deploy.id,
    rich`:warning: Shipgate restarted while ${deploy.id} was running${during}. The ${deploy.service}/${deploy.env} lane stays locked. Check the target: if ${deploy.version} is not fully live, follow the rollback plan. Then release the lane with \`/deploy cancel ${deploy.id}\` (requester or a team lead) and request the deploy again if needed.`,
  );
  return { outcome: 'interrupted' };
}
