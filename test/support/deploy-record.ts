import type { DeployRecord } from '../../src/core/deploys/deploy-record.js';

/**
 * A deploy record as stored, for tests that write rows straight through a repository: a patch deploy of `service`
 * to production, awaiting the team lead's approval, requested by U0ALICE at `at`; `extra` overrides any field.
 */
export function deployRecord(
  id: string,
  service: string,
  at: Date,
  extra: Partial<DeployRecord> = {},
): DeployRecord {
  return {
    id,
    service,
    env: 'production',
    version: '1.0.0',
    previousVersion: undefined,
    bump: 'patch',
    strategy: 'blue-green',
    state: 'awaiting_approval',
    phase: 'awaiting',
    requester: 'U0ALICE',
    channel: '#deploys',
    emergencyReason: undefined,
    needsReview: false,
    requiredRoles: ['team-lead'],
    onCall: { members: [], source: 'config' },
    validations: [],
    steps: [],
    liveColor: undefined,
    targetColor: undefined,
    outcome: undefined,
    createdAt: at,
    updatedAt: at,
    finishedAt: undefined,
    ...extra,
  };
}
