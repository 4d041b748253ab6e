import type { DeployRecord } from '../../src/core/deploys/deploy-record.js';
import type { Color } from '../../src/core/deploys/deploy-types.js';
import type { Runtime } from '../../src/services/runtime.js';
import { beginWatch, captureBaseline } from '../../src/services/watch/start-watch.js';
import { deployRecord } from '../support/deploy-record.js';

/** The stored fields every seeded blue-green deploy of `service` to production shares. */
function blueGreen(rt: Runtime, service: string, version: string): Omit<DeployRecord, 'state' | 'id'> {
  const {
    id: _id,
    state: _state,
    ...shared
  } = deployRecord('', service, rt.clock.now(), {
    version,
    requiredRoles: [],
  });
  return shared;
}

/**
 * Puts `version` of `service` into production history as a finished blue-green deploy live on `color` (a second
 * before now), so a later deploy has a previous version to roll back to. Returns its id.
 */
export async function seedLiveVersion(
  rt: Runtime,
  service: string,
  version: string,
  color: Color,
): Promise<string> {
  const at = new Date(rt.clock.now().getTime() - 1000);
  const id = await rt.deploys.nextId(at.getUTCFullYear());
  await rt.deploys.insert({
    ...blueGreen(rt, service, version),
    id,
    state: 'succeeded',
    targetColor: color,
    survived: true,
    outcome: 'seeded history',
    createdAt: at,
    updatedAt: at,
    finishedAt: at,
  });
  return id;
}

/**
 * A blue-green deploy of `version` over `previousVersion` whose steps have just run (the new colour is the idle
 * one of `liveColor`), brought into its post-deploy watch by Shipgate's own code: it is stored `running` holding
 * the lane, then `captureBaseline` reads the baseline from the metrics source and `beginWatch` moves it to
 * `watching`, posts its message and arms the first sample one `watch.interval` on. Returns its id.
 */
export async function seedWatchingDeploy(
  rt: Runtime,
  service: string,
  version: string,
  previousVersion: string,
  liveColor: Color,
): Promise<string> {
  const now = rt.clock.now();
  const id = await rt.deploys.nextId(now.getUTCFullYear());
  const color: Color = liveColor === 'blue' ? 'green' : 'blue';
  const steps = [
    { id: `deploy-${color}`, kind: 'deploy', label: `Deploy to ${color}`, color, state: 'succeeded' },
    { id: `smoke-${color}`, kind: 'smoke_test', label: `Smoke test ${color}`, color, state: 'succeeded' },
    { id: `switch-${color}`, kind: 'switch_traffic', label: `Switch to ${color}`, color, state: 'succeeded' },
  ] as const;
  await rt.deploys.insert({
    ...blueGreen(rt, service, version),
    id,
    state: 'running',
    previousVersion,
    liveColor,
    targetColor: color,
    steps: [...steps],
  });
  if (!(await rt.deploys.acquireLane(service, 'production', id, now)))
    throw new Error(
      `${service}/production lane is held by ${await rt.deploys.laneHolder(service, 'production')}`,
    );
  await captureBaseline(rt, id);
  if (!(await beginWatch(rt, id, [...steps])))
    throw new Error(`${id} is not watched: check the bench watch config`);
  return id;
}
