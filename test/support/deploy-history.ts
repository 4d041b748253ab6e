import type { Color, Strategy } from '../../src/core/deploys/deploy-types.js';
import type { DeployHarness } from './deploy-harness.js';

/**
 * Puts a finished deploy into history, as if `version` had been deployed to production (or `where.env`, with
 * `where.strategy`) earlier, so a test can start from a known current version (the bump is computed against it).
 */
export async function seedProductionVersion(
  h: DeployHarness,
  service: string,
  version: string,
  color: Color | undefined,
  where: { env: string; strategy: Strategy } = { env: 'production', strategy: 'blue-green' },
): Promise<string> {
  const repo = h.shipgate.runtime.deploys;
  const at = new Date(h.clock.now().getTime() - 60_000);
  const id = await repo.nextId(at.getUTCFullYear());
  await repo.insert({
    id,
    service,
    env: where.env,
    version,
    previousVersion: undefined,
    bump: 'major',
    strategy: where.strategy,
    state: 'succeeded',
    phase: 'awaiting',
    requester: 'U0ALICE',
    channel: '#deploys',
    emergencyReason: undefined,
    needsReview: false,
    requiredRoles: [],
    onCall: { members: [], source: 'config' },
    validations: [],
    steps: [],
    liveColor: undefined,
    targetColor: color,
    outcome: 'seeded history',
    createdAt: at,
    updatedAt: at,
    finishedAt: at,
  });
  return id;
}
