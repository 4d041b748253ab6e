import type { ApprovalRow, DeployRecord } from '../deploys/deploy-record.js';
import type { ChecklistItemDef } from './deployment-checklist-items.js';

/** Who is asking to tick, and the stored records the answer comes from. */
export interface TickAsk {
  readonly userId: string;
  readonly deploy: DeployRecord;
  readonly approvals: readonly ApprovalRow[];
  /** The config's roles and their members. */
  readonly roles: Readonly<Record<string, readonly string[]>>;
  /** The role whose members stand on call. */
  readonly onCallRole: string;
}

/** Yes, or no with the reason told to the person. */
export type TickVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

function inAnyRole(userId: string, roles: TickAsk['roles']): boolean {
  return Object.values(roles).some((members) => members.includes(userId));
}

/**
 * Whether a person may tick (or untick) a checklist item of a deploy, decided from stored records: ordinary items by
 * the requester, an approver or any member of a configured role; the Deployment Lead sign-off by the requester or a
 * release manager; the On-Call sign-off by the deploy's on-call or the on-call role; the Product Owner sign-off by
 * the `product-owner` role when it is configured (anyone who may tick otherwise).
 */
export function mayTick(item: ChecklistItemDef, ask: TickAsk): TickVerdict {
  const { userId, deploy, roles } = ask;
  const member = (role: string) => roles[role]?.includes(userId) ?? false;
  const involved =
    userId === deploy.requester || ask.approvals.some((a) => a.userId === userId) || inAnyRole(userId, roles);
  const rule = item.tick;
  switch (rule.kind) {
    case 'anyone':
      return involved
        ? { ok: true }
        : { ok: false, reason: 'only the requester, an approver or a member of a configured role ticks it' };
    case 'requester_or_role':
      return userId === deploy.requester || member(rule.role)
        ? { ok: true }
        : { ok: false, reason: `only the requester or a member of ${rule.role} signs off as ${item.text}` };
    case 'on_call':
      return deploy.onCall.members.includes(userId) || member(ask.onCallRole)
        ? { ok: true }
        : {
            ok: false,
            reason: `only the deploy's on-call or a member of ${ask.onCallRole} signs off as ${item.text}`,
          };
    case 'role_or_anyone':
      if (roles[rule.role] !== undefined)
        return member(rule.role)
          ? { ok: true }
          : { ok: false, reason: `only a member of ${rule.role} signs off as ${item.text}` };
      return involved
        ? { ok: true }
        : { ok: false, reason: 'only the requester, an approver or a member of a configured role ticks it' };
  }
}
