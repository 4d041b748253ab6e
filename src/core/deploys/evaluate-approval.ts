import { joinRich, mentionList, type RichText, rich } from '../text/rich-text.js';
import {
  type ApprovalPhase,
  type ApprovalRecord,
  type ApproverClick,
  missingRoles,
} from './approval-policy.js';
import { chooseApproverRole } from './choose-approver-role.js';

/** Everything needed to judge one Approve click; the caller loads it from the stored request, never the payload. */
export interface ApprovalInput {
  readonly requiredRoles: readonly string[];
  readonly requesterId: string;
  readonly approvals: readonly ApprovalRecord[];
  readonly phase: ApprovalPhase;
  /** The environment's `escalation_on_timeout` role, if any. */
  readonly escalationRole: string | undefined;
  /** Members of a role: config members, or for the on-call role PagerDuty's current on-call (config as fallback). */
  readonly membersOf: (role: string) => readonly string[];
  readonly approver: ApproverClick;
  readonly at: Date;
}

/** An accepted click (the role it filled and the new approval list) or a sentence saying exactly why not. */
export type ApprovalDecision =
  | {
      readonly ok: true;
      readonly role: string;
      readonly approvals: ApprovalRecord[];
      readonly complete: boolean;
      readonly missing: string[];
    }
  | { readonly ok: false; readonly reason: RichText };

/** "team-lead (@bob or @frank), on-call-engineer (@carol)" for an ephemeral answer. */
export function describeNeeded(
  roles: readonly string[],
  eligibleOf: (role: string) => readonly string[],
): RichText {
  return joinRich(
    roles.map((role) => {
      const people = eligibleOf(role);
      return people.length === 0
        ? rich`${role} (no one else holds it)`
        : rich`${role} (${mentionList(people, '')})`;
    }),
    ', ',
  );
}

const NOT_HUMAN = {
  bot: rich`Bots never approve deploys: a person has to click Approve.`,
  agent: rich`AI agents may recommend a deploy but never approve one: a person has to click Approve.`,
  shipgate: rich`Shipgate never approves a deploy itself: a person has to click Approve.`,
} as const;

/**
 * Judges one Approve click against the approvals so far. Each required role needs a distinct human who is not the
 * requester; bots and agents never approve. When the clicker holds several missing roles, the role is chosen so
 * the rest stay fillable by other people. After escalation, a member of the escalation role approves in place of
 * every missing role at once (recorded as one approval with `inPlaceOf`), which completes the request.
 */
export function evaluateApproval(input: ApprovalInput): ApprovalDecision {
  const { approver, approvals, requesterId, escalationRole, phase } = input;
  const missing = missingRoles(input.requiredRoles, approvals);
  const approvers = new Set(approvals.map((a) => a.userId));
  const eligibleOf = (role: string) =>
    input.membersOf(role).filter((person) => person !== requesterId && !approvers.has(person));
  const still = () => rich`Still needed: ${describeNeeded(missing, eligibleOf)}.`;
  const refuse = (reason: RichText): ApprovalDecision => ({ ok: false, reason });

  if (approver.kind !== 'human') return refuse(NOT_HUMAN[approver.kind]);
  if (missing.length === 0) return refuse(rich`This deploy already has every approval it needs.`);
  if (approver.userId === requesterId)
    return refuse(rich`You requested this deploy, so someone else has to approve it. ${still()}`);
  const earlier = approvals.find((a) => a.userId === approver.userId);
  if (earlier !== undefined)
    return refuse(
      rich`You already approved this deploy as ${earlier.role}; each required role needs a different person. ${still()}`,
    );

  const escalates = escalationRole !== undefined && input.membersOf(escalationRole).includes(approver.userId);
  if (phase === 'escalated' && escalates) {
    const record: ApprovalRecord = {
      userId: approver.userId,
      role: escalationRole,
      at: input.at,
      inPlaceOf: missing,
    };
    return { ok: true, role: escalationRole, approvals: [...approvals, record], complete: true, missing: [] };
  }

  const candidates = missing.filter((role) => input.membersOf(role).includes(approver.userId));
  if (candidates.length === 0) {
    let escalation = rich``;
    if (escalationRole !== undefined && escalates)
      escalation = rich` As ${escalationRole} you can approve in place of them once the request escalates.`;
    else if (escalationRole !== undefined && phase === 'escalated') {
      const leads = eligibleOf(escalationRole);
      if (leads.length > 0)
        escalation = rich` Or ${escalationRole} (${mentionList(leads, '')}) can approve in place of all of them.`;
    }
    return refuse(rich`You hold none of the roles this deploy still needs. ${still()}${escalation}`);
  }

  const role = chooseApproverRole({ candidates, missing, eligibleOf, clicker: approver.userId });
  const record: ApprovalRecord = { userId: approver.userId, role, at: input.at };
  const left = missing.filter((r) => r !== role);
  return { ok: true, role, approvals: [...approvals, record], complete: left.length === 0, missing: left };
}
