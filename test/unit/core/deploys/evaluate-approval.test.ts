import { describe, expect, it } from 'vitest';
import type { ApprovalRecord } from '../../../../src/core/deploys/approval-policy.js';
import { evaluateApproval } from '../../../../src/core/deploys/evaluate-approval.js';
import { toPlainText } from '../../../../src/core/text/plain-text.js';
import { AT, approvalInput, membersFrom, ROLES } from './approval-fixture.js';

const earlier = new Date('2026-11-10T10:05:00Z');
const bobApproved: ApprovalRecord[] = [{ userId: 'U0BOB', role: 'team-lead', at: earlier }];

function reasonOf(decision: ReturnType<typeof evaluateApproval>): string {
  if (decision.ok) throw new Error(`expected a refusal, got approval as ${decision.role}`);
  return toPlainText(decision.reason, { user: (id) => `<@${id}>` });
}

describe('evaluateApproval', () => {
  it('accepts a team lead and reports the roles still missing', () => {
    const decision = evaluateApproval(approvalInput());
    expect(decision).toEqual({
      ok: true,
      role: 'team-lead',
      approvals: [{ userId: 'U0BOB', role: 'team-lead', at: AT }],
      complete: false,
      missing: ['on-call-engineer'],
    });
  });

  it('completes the request when the last required role approves', () => {
    const decision = evaluateApproval(
      approvalInput({ approvals: bobApproved, approver: { userId: 'U0CAROL', kind: 'human' } }),
    );
    expect(decision).toMatchObject({ ok: true, role: 'on-call-engineer', complete: true, missing: [] });
    if (decision.ok) expect(decision.approvals.map((a) => a.userId)).toEqual(['U0BOB', 'U0CAROL']);
  });

  it('does not change the approvals it was given', () => {
    const approvals = [...bobApproved];
    evaluateApproval(approvalInput({ approvals, approver: { userId: 'U0CAROL', kind: 'human' } }));
    expect(approvals).toEqual(bobApproved);
  });

  it('refuses the requester approving their own deploy and says who can', () => {
    const reason = reasonOf(evaluateApproval(approvalInput({ requesterId: 'U0BOB' })));
    expect(reason).toBe(
      'You requested this deploy, so someone else has to approve it. Still needed: team-lead (<@U0FRANK>), on-call-engineer (<@U0CAROL>).',
    );
  });

  it('refuses a bot even when its id is listed in a role', () => {
    const reason = reasonOf(evaluateApproval(approvalInput({ approver: { userId: 'U0BOB', kind: 'bot' } })));
    expect(reason).toMatch(/^Bots never approve deploys/);
  });

  it('refuses an AI agent', () => {
    const reason = reasonOf(
      evaluateApproval(approvalInput({ approver: { userId: 'U0BOB', kind: 'agent' } })),
    );
    expect(reason).toMatch(/^AI agents may recommend a deploy but never approve one/);
  });

  it('refuses someone who already approved from filling a second role', () => {
    const roles = { ...ROLES, 'on-call-engineer': ['U0BOB', 'U0CAROL'] };
    const reason = reasonOf(
      evaluateApproval(approvalInput({ approvals: bobApproved, membersOf: membersFrom(roles) })),
    );
    expect(reason).toBe(
      'You already approved this deploy as team-lead; each required role needs a different person. Still needed: on-call-engineer (<@U0CAROL>).',
    );
  });

  it('tells someone holding no missing role which roles are needed and who holds them', () => {
    const reason = reasonOf(
      evaluateApproval(approvalInput({ approver: { userId: 'U0ERIN', kind: 'human' } })),
    );
    expect(reason).toBe(
      'You hold none of the roles this deploy still needs. Still needed: team-lead (<@U0BOB> or <@U0FRANK>), on-call-engineer (<@U0CAROL>).',
    );
  });

  it('refuses a team lead once team-lead is filled, naming only the missing role', () => {
    const reason = reasonOf(
      evaluateApproval(
        approvalInput({ approvals: bobApproved, approver: { userId: 'U0FRANK', kind: 'human' } }),
      ),
    );
    expect(reason).toBe(
      'You hold none of the roles this deploy still needs. Still needed: on-call-engineer (<@U0CAROL>).',
    );
  });

  it('says when a missing role has nobody left who may approve', () => {
    const reason = reasonOf(
      evaluateApproval(
        approvalInput({ requesterId: 'U0CAROL', approver: { userId: 'U0ERIN', kind: 'human' } }),
      ),
    );
    expect(reason).toContain('on-call-engineer (no one else holds it)');
  });

  it('refuses every click once the deploy has all its approvals', () => {
    const approvals: ApprovalRecord[] = [
      ...bobApproved,
      { userId: 'U0CAROL', role: 'on-call-engineer', at: earlier },
    ];
    const reason = reasonOf(
      evaluateApproval(approvalInput({ approvals, approver: { userId: 'U0FRANK', kind: 'human' } })),
    );
    expect(reason).toBe('This deploy already has every approval it needs.');
  });

  it('checks the on-call role against the on-call the caller resolved, not the config', () => {
    const roles = { ...ROLES, 'on-call-engineer': ['U0PDONCALL'] };
    const input = approvalInput({ approvals: bobApproved, membersOf: membersFrom(roles) });
    expect(evaluateApproval({ ...input, approver: { userId: 'U0CAROL', kind: 'human' } }).ok).toBe(false);
    expect(evaluateApproval({ ...input, approver: { userId: 'U0PDONCALL', kind: 'human' } })).toMatchObject({
      ok: true,
      role: 'on-call-engineer',
      complete: true,
    });
  });

  describe('a clicker holding several missing roles', () => {
    it('takes the role that leaves the others fillable by other people', () => {
      const roles = { 'team-lead': ['U0FRANK', 'U0BOB'], 'on-call-engineer': ['U0FRANK'] };
      const decision = evaluateApproval(
        approvalInput({ membersOf: membersFrom(roles), approver: { userId: 'U0FRANK', kind: 'human' } }),
      );
      expect(decision).toMatchObject({ ok: true, role: 'on-call-engineer', missing: ['team-lead'] });
    });

    it('takes the first required role when every choice leaves the rest fillable', () => {
      const roles = { 'team-lead': ['U0FRANK', 'U0BOB'], 'on-call-engineer': ['U0FRANK', 'U0CAROL'] };
      const decision = evaluateApproval(
        approvalInput({ membersOf: membersFrom(roles), approver: { userId: 'U0FRANK', kind: 'human' } }),
      );
      expect(decision).toMatchObject({ ok: true, role: 'team-lead' });
    });

    it('does not count the requester as someone who could fill the rest', () => {
      const roles = { 'team-lead': ['U0FRANK', 'U0ALICE'], 'on-call-engineer': ['U0FRANK', 'U0CAROL'] };
      const decision = evaluateApproval(
        approvalInput({ membersOf: membersFrom(roles), approver: { userId: 'U0FRANK', kind: 'human' } }),
      );
      expect(decision).toMatchObject({ ok: true, role: 'team-lead', missing: ['on-call-engineer'] });
    });

    it('still accepts the click when no choice keeps every role fillable, leaving the most fillable', () => {
      const roles = {
        'on-call-engineer': ['U0FRANK', 'U0CAROL'],
        'team-lead': ['U0FRANK'],
        'engineering-lead': ['U0DAVE'],
        cto: ['U0DAVE'],
      };
      const decision = evaluateApproval(
        approvalInput({
          requiredRoles: ['on-call-engineer', 'team-lead', 'engineering-lead', 'cto'],
          membersOf: membersFrom(roles),
          approver: { userId: 'U0FRANK', kind: 'human' },
        }),
      );
      expect(decision).toMatchObject({ ok: true, role: 'team-lead', complete: false });
    });
  });

  describe('after escalation', () => {
    const escalated = { phase: 'escalated', approvals: bobApproved } as const;

    it('lets the escalation role approve in place of every missing role, completing the request', () => {
      const decision = evaluateApproval(
        approvalInput({
          ...escalated,
          requiredRoles: ['team-lead', 'on-call-engineer', 'cto'],
          approver: { userId: 'U0DAVE', kind: 'human' },
        }),
      );
      expect(decision).toEqual({
        ok: true,
        role: 'engineering-lead',
        approvals: [
          ...bobApproved,
          { userId: 'U0DAVE', role: 'engineering-lead', at: AT, inPlaceOf: ['on-call-engineer', 'cto'] },
        ],
        complete: true,
        missing: [],
      });
    });

    it('does not let an engineering lead approve in place of others before the timeout', () => {
      const reason = reasonOf(
        evaluateApproval(
          approvalInput({ approvals: bobApproved, approver: { userId: 'U0DAVE', kind: 'human' } }),
        ),
      );
      expect(reason).toBe(
        'You hold none of the roles this deploy still needs. Still needed: on-call-engineer (<@U0CAROL>). As engineering-lead you can approve in place of them once the request escalates.',
      );
    });

    it('points others to the escalation role', () => {
      const reason = reasonOf(
        evaluateApproval(approvalInput({ ...escalated, approver: { userId: 'U0ERIN', kind: 'human' } })),
      );
      expect(reason).toContain('Or engineering-lead (<@U0DAVE>) can approve in place of all of them.');
    });

    it('still lets a holder of a missing role approve just that role', () => {
      const decision = evaluateApproval(
        approvalInput({ ...escalated, approver: { userId: 'U0CAROL', kind: 'human' } }),
      );
      expect(decision).toMatchObject({ ok: true, role: 'on-call-engineer', complete: true });
      if (decision.ok) expect(decision.approvals[1]).not.toHaveProperty('inPlaceOf');
    });

    it('never lets an escalation lead approve a deploy they requested', () => {
      const reason = reasonOf(
        evaluateApproval(
          approvalInput({
            ...escalated,
            requesterId: 'U0DAVE',
            approver: { userId: 'U0DAVE', kind: 'human' },
          }),
        ),
      );
      expect(reason).toMatch(/^You requested this deploy/);
    });

    it('refuses an escalation lead who already approved another role', () => {
      const roles = { ...ROLES, 'team-lead': ['U0DAVE'] };
      const approvals: ApprovalRecord[] = [{ userId: 'U0DAVE', role: 'team-lead', at: earlier }];
      const reason = reasonOf(
        evaluateApproval(
          approvalInput({
            phase: 'escalated',
            approvals,
            membersOf: membersFrom(roles),
            approver: { userId: 'U0DAVE', kind: 'human' },
          }),
        ),
      );
      expect(reason).toMatch(/^You already approved this deploy as team-lead/);
    });
  });
});
