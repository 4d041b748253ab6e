import { describe, expect, it } from 'vitest';
import { missingRoles, requiredRoles } from '../../../../src/core/deploys/approval-policy.js';

const bumpApprovers = { major: 'engineering-lead', minor: 'team-lead', patch: 'on-call-engineer' } as const;
const production = { policyApprovers: ['team-lead', 'on-call-engineer'], bumpApprovers, emergency: false };

describe('requiredRoles', () => {
  it('adds nothing new for a patch whose role the environment already requires', () => {
    expect(requiredRoles({ ...production, bump: 'patch' })).toEqual(['team-lead', 'on-call-engineer']);
  });

  it('adds the engineering lead for a major bump, after the environment roles', () => {
    expect(requiredRoles({ ...production, bump: 'major' })).toEqual([
      'team-lead',
      'on-call-engineer',
      'engineering-lead',
    ]);
  });

  it('requires the engineering lead for an emergency deploy, once', () => {
    expect(requiredRoles({ ...production, bump: 'minor', emergency: true })).toEqual([
      'team-lead',
      'on-call-engineer',
      'engineering-lead',
    ]);
    expect(requiredRoles({ ...production, bump: 'major', emergency: true })).toEqual([
      'team-lead',
      'on-call-engineer',
      'engineering-lead',
    ]);
  });

  it('uses a configured emergency role', () => {
    expect(requiredRoles({ ...production, bump: 'patch', emergency: true, emergencyRole: 'cto' })).toEqual([
      'team-lead',
      'on-call-engineer',
      'cto',
    ]);
  });

  it('needs nobody where the environment requires no approval, except for an emergency', () => {
    const staging = { policyApprovers: [], bumpApprovers, approvalRequired: false, bump: 'major' } as const;
    expect(requiredRoles({ ...staging, emergency: false })).toEqual([]);
    expect(requiredRoles({ ...staging, emergency: true })).toEqual(['engineering-lead']);
  });

  it('leaves out the bump role when the bump is unknown', () => {
    expect(requiredRoles({ ...production, policyApprovers: ['team-lead'], bump: undefined })).toEqual([
      'team-lead',
    ]);
  });
});

describe('missingRoles', () => {
  it('counts an escalated approval as filling every role it replaced', () => {
    const at = new Date('2026-11-10T10:00:00Z');
    const approvals = [
      { userId: 'U0BOB', role: 'team-lead', at },
      { userId: 'U0DAVE', role: 'engineering-lead', at, inPlaceOf: ['on-call-engineer'] },
    ];
    expect(missingRoles(['team-lead', 'on-call-engineer', 'cto'], approvals)).toEqual(['cto']);
  });
});
