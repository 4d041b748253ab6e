import { SHIPGATE } from '../../core/actor.js';
import { transition } from '../../core/deploys/deploy-state-machine.js';
import type { Color, Strategy } from '../../core/deploys/deploy-types.js';
import type { Runtime } from '../runtime.js';

/** A version that already runs somewhere, as whoever set up the installation says. */
export interface RunningVersion {
  readonly service: string;
  readonly env: string;
  readonly version: string;
  /** The live colour for blue-green (undefined for other strategies). */
  readonly color: Color | undefined;
  readonly strategy: Strategy;
  /** Where the fact comes from, kept on the event (e.g. `sandbox`). */
  readonly source: string;
}

/**
 * Records that `version` already runs in `env` before Shipgate deployed anything there, as a finished release
 * (`record_running` → `succeeded`, event `deploy.record_running` by Shipgate): the first deploy then has a current
 * version to compare its bump with and to roll back to. It deploys nothing and approves nothing. Only where the
 * service has no history in that environment yet; returns the new record's id, or undefined when history exists.
 */
export async function recordRunningVersion(
  rt: Runtime,
  running: RunningVersion,
): Promise<string | undefined> {
  const at = rt.clock.now();
  return await rt.tx.transaction(async (): Promise<string | undefined> => {
    if (await rt.deploys.hasHistory(running.service, running.env)) return undefined;
    const created = transition(undefined, 'record_running');
    if (!created.ok) throw new Error(created.reason);
    const id = await rt.deploys.nextId(at.getUTCFullYear());
    await rt.deploys.insert({
      id,
      service: running.service,
      env: running.env,
      version: running.version,
      previousVersion: undefined,
      bump: 'major',
      strategy: running.strategy,
      state: created.state,
      phase: 'awaiting',
      requester: SHIPGATE.id,
      channel: '',
      emergencyReason: undefined,
      needsReview: false,
      requiredRoles: [],
      onCall: { members: [], source: 'config' },
      validations: [],
      steps: [],
      liveColor: undefined,
      targetColor: running.color,
      outcome: `already running before Shipgate (${running.source})`,
      createdAt: at,
      updatedAt: at,
      finishedAt: at,
    });
    await rt.events.append({
      at,
      actor: SHIPGATE,
      subject: id,
      type: 'deploy.record_running',
      payload: { ...running, to: created.state },
    });
    return id;
  });
}
