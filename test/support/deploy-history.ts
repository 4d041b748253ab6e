import type { Color, Strategy } from '../../src/core/deploys/deploy-types.js';
import type { DeployHarness } from './deploy-harness.js';
import { deployRecord } from './deploy-record.js';

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
  await repo.insert(
    deployRecord(id, service, at, {
      env: where.env,
      version,
      bump: 'major',
      strategy: where.strategy,
      state: 'succeeded',
      requiredRoles: [],
      targetColor: color,
      outcome: 'seeded history',
      finishedAt: at,
    }),
  );
  return id;
}
