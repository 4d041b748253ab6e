import type { ApprovalInput } from '../../../../src/core/deploys/evaluate-approval.js';

/** The example config's roles (config/shipgate.example.yml). */
export const ROLES: Readonly<Record<string, readonly string[]>> = {
  'team-lead': ['U0BOB', 'U0FRANK'],
  'on-call-engineer': ['U0CAROL'],
  'engineering-lead': ['U0DAVE'],
  cto: ['U0ERIN'],
  'release-manager': ['U0ALICE'],
};

/** A `membersOf` reading a role table. */
export function membersFrom(roles: Readonly<Record<string, readonly string[]>>) {
  return (role: string): readonly string[] => roles[role] ?? [];
}

export const AT = new Date('2026-11-10T10:15:00Z');

/** A production patch deploy requested by Alice, nobody has approved yet; override what a test needs. */
export function approvalInput(overrides: Partial<ApprovalInput> = {}): ApprovalInput {
  return {
    requiredRoles: ['team-lead', 'on-call-engineer'],
    requesterId: 'U0ALICE',
    approvals: [],
    phase: 'awaiting',
    escalationRole: 'engineering-lead',
    membersOf: membersFrom(ROLES),
    approver: { userId: 'U0BOB', kind: 'human' },
    at: AT,
    ...overrides,
  };
}
