import { type ApprovalRecord, rolesFilledBy } from './approval-policy.js';

/** One required role in the approval message: filled (✅ by whom) or still open (⏳ who can approve). */
export type ApprovalSummaryLine =
  | {
      readonly role: string;
      readonly status: 'approved';
      readonly userId: string;
      readonly at: Date;
      /** Set when an escalation approval filled this role: the escalation role that approved in its place. */
      readonly escalatedBy?: string;
    }
  | {
      readonly role: string;
      readonly status: 'waiting';
      readonly candidates: string[];
    };

/** The stored request's approval state. */
export interface ApprovalSummaryInput {
  readonly requiredRoles: readonly string[];
  readonly approvals: readonly ApprovalRecord[];
  readonly requesterId: string;
  readonly membersOf: (role: string) => readonly string[];
}

/**
 * Per required role, who approved or who still can (members who are neither the requester nor an earlier
 * approver), so the approval message shows at a glance what is missing and whom to ask.
 */
export function approvalSummary(input: ApprovalSummaryInput): ApprovalSummaryLine[] {
  const approvers = new Set(input.approvals.map((a) => a.userId));
  return input.requiredRoles.map((role): ApprovalSummaryLine => {
    const approval = input.approvals.find((a) => rolesFilledBy(a).includes(role));
    if (approval !== undefined) {
      return {
        role,
        status: 'approved',
        userId: approval.userId,
        at: approval.at,
        ...(approval.inPlaceOf !== undefined ? { escalatedBy: approval.role } : {}),
      };
    }
    const candidates = input
      .membersOf(role)
      .filter((person) => person !== input.requesterId && !approvers.has(person));
    return { role, status: 'waiting', candidates };
  });
}
