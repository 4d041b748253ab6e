import { describe, expect, it } from 'vitest';
import { approvalSummary } from '../../../../src/core/deploys/approval-summary.js';
import { membersFrom, ROLES } from './approval-fixture.js';

const at = new Date('2026-11-10T10:05:00Z');

describe('approvalSummary', () => {
  it('shows who approved each role and who can still approve the others', () => {
    const lines = approvalSummary({
      requiredRoles: ['team-lead', 'on-call-engineer'],
      approvals: [{ userId: 'U0BOB', role: 'team-lead', at }],
      requesterId: 'U0ALICE',
      membersOf: membersFrom(ROLES),
    });
    expect(lines).toEqual([
      { role: 'team-lead', status: 'approved', userId: 'U0BOB', at },
      {
        role: 'on-call-engineer',
        status: 'waiting',
        candidates: ['U0CAROL'],
      },
    ]);
  });

  it('leaves the requester and earlier approvers out of the candidates', () => {
    const roles = { ...ROLES, 'engineering-lead': ['U0DAVE', 'U0BOB', 'U0ALICE'] };
    const [, line] = approvalSummary({
      requiredRoles: ['team-lead', 'engineering-lead'],
      approvals: [{ userId: 'U0BOB', role: 'team-lead', at }],
      requesterId: 'U0ALICE',
      membersOf: membersFrom(roles),
    });
    expect(line).toMatchObject({ status: 'waiting', candidates: ['U0DAVE'] });
  });

  it('says when nobody is left who can approve a role', () => {
    const [line] = approvalSummary({
      requiredRoles: ['on-call-engineer'],
      approvals: [],
      requesterId: 'U0CAROL',
      membersOf: membersFrom(ROLES),
    });
    expect(line).toEqual({
      role: 'on-call-engineer',
      status: 'waiting',
      candidates: [],
    });
  });

  it('marks roles filled by an escalation approval with the escalation role', () => {
    const lines = approvalSummary({
      requiredRoles: ['team-lead', 'on-call-engineer'],
      approvals: [
        { userId: 'U0BOB', role: 'team-lead', at },
        { userId: 'U0DAVE', role: 'engineering-lead', at, inPlaceOf: ['on-call-engineer'] },
      ],
      requesterId: 'U0ALICE',
      membersOf: membersFrom(ROLES),
    });
    expect(lines[1]).toEqual({
      role: 'on-call-engineer',
      status: 'approved',
      userId: 'U0DAVE',
      at,
      escalatedBy: 'engineering-lead',
    });
  });
});
