import type { ApprovalRow, DeployRecord } from '../../core/deploys/deploy-record.js';
import { roleLabel } from '../../core/releases/role-label.js';
import { formatUtc } from '../../core/text/plain-text.js';

/**
 * The annotated tag's message: what survived where, the deploy id, who requested and approved it (Slack ids, with
 * dates in UTC), and whether a watch was configured and survived, or the tag was cut when the deploy succeeded
 * because no watch was configured.
 */
export function tagMessage(deploy: DeployRecord, approvals: readonly ApprovalRow[]): string {
  const watch = deploy.watch
    ? `Watch: survived its post-deploy watch${deploy.survived ? '' : ' (not marked survived)'}`
    : 'Watch: none configured; tagged when the deploy succeeded';
  const approved =
    approvals.length === 0
      ? ['- none recorded']
      : approvals.map(
          (a) =>
            `- ${roleLabel(a.role)}: @${a.userId} (${formatUtc(a.at, 'date')})${a.inPlaceOf?.length ? ` in place of ${a.inPlaceOf.join(', ')}` : ''}`,
        );
  return [
    `${deploy.service} ${deploy.version} survived ${deploy.env}`,
    '',
    `Deploy: ${deploy.id}`,
    `Requested by: @${deploy.requester}`,
    'Approvals:',
    ...approved,
    watch,
    '',
    'Tagged by Shipgate',
    '',
  ].join('\n');
}
