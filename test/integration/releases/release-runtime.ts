import { resolve } from 'node:path';
import { GitSourceRepository } from '../../../src/adapters/git/git-source-repository.js';
import { MarkdownReleaseNotesRenderer } from '../../../src/adapters/templates/release-notes-templates.js';
import { FakeClock } from '../../../src/clock.js';
import { type LoadedConfig, loadConfig } from '../../../src/config/load-config.js';
import type { DeployRecord } from '../../../src/core/deploys/deploy-record.js';
import type { Runtime } from '../../../src/services/runtime.js';
import { gateOf } from '../../../src/store/connection-gate.js';
import { openDatabase } from '../../../src/store/database.js';
import { DeployRepository } from '../../../src/store/deploy-repository.js';
import { EventLog } from '../../../src/store/event-log.js';
import { ReleaseRepository } from '../../../src/store/release-repository.js';
import { SqliteRunner } from '../../../src/store/sql/sqlite-runner.js';
import { tempDbPath } from '../../support/test-shipgate.js';

/** The example config with `checkout.repository` pointing at `dir`. */
export function configWithRepository(dir: string, remote?: string): LoadedConfig {
  const loaded = loadConfig('config/shipgate.example.yml');
  const checkout = loaded.config.services.checkout;
  if (!checkout) throw new Error('the example config has no checkout service');
  return {
    ...loaded,
    config: {
      ...loaded.config,
      services: {
        ...loaded.config.services,
        checkout: {
          ...checkout,
          repository: {
            path: dir,
            tag_prefix: 'v',
            tag_environments: ['production'],
            ...(remote ? { remote } : {}),
          },
        },
      },
    },
  };
}

/** The parts of a runtime releases use, over a real SQLite file and the real git adapter. */
export function releaseRuntime(dir: string, remote?: string): Runtime {
  const config = configWithRepository(dir, remote);
  const db = openDatabase(tempDbPath('shipgate-release-'));
  const repo = new GitSourceRepository(resolve(dir));
  const gate = gateOf(db);
  const runner = new SqliteRunner(db);
  return {
    config,
    clock: new FakeClock('2026-11-24T10:00:00Z'),
    tx: gate,
    events: new EventLog(runner),
    deploys: new DeployRepository(runner),
    releases: new ReleaseRepository(runner),
    repositoryFor: (service: string) => (service === 'checkout' ? repo : undefined),
    releaseNotes: new MarkdownReleaseNotesRenderer(),
  } as unknown as Runtime;
}

/** Stores a finished production deploy of checkout. */
export async function storeDeploy(
  rt: Runtime,
  version: string,
  patch: Partial<DeployRecord> = {},
): Promise<string> {
  const at = rt.clock.now();
  const id = await rt.deploys.nextId(2026);
  await rt.deploys.insert({
    id,
    service: 'checkout',
    env: 'production',
    version,
    previousVersion: undefined,
    bump: 'patch',
    strategy: 'blue-green',
    state: 'succeeded',
    phase: 'awaiting',
    requester: 'U0ALICE',
    channel: '#deploys',
    emergencyReason: undefined,
    needsReview: false,
    requiredRoles: ['on-call-engineer'],
    onCall: { members: [], source: 'config' },
    validations: [],
    steps: [],
    liveColor: undefined,
    targetColor: 'green',
    outcome: 'done',
    createdAt: at,
    updatedAt: at,
    finishedAt: at,
    ...patch,
  });
  return id;
}
