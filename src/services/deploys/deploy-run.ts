import type { Runtime } from '../runtime.js';

/**
 * The durable timer a deploy's unattended work runs under (validations, then — once approved — its steps, and the
 * rest of a canary after a gate passed): armed due now wherever a deploy is to be moved on, so the work is a row
 * before it starts, and whichever replica's scheduler claims it runs it, holding the lease for as long as the work
 * takes. When that replica dies mid-run, its lease runs out and another replica claims the timer again, and knows
 * (`claim` above 1) that a run was cut off (see `registerDeployRunTimer`).
 */
export const DEPLOY_RUN = 'deploy.run';

/**
 * The run timer's subject: not the deploy id itself, so the deploy's own timers (approval clocks, a rollback's
 * time-out, its release notes) are not held back while a long step runs — one subject's timers run one at a time.
 */
export function runSubject(deployId: string): string {
  return `run:${deployId}`;
}

/** Moves the deploy on, through a run timer due now; `resumeFrom` is the canary step to go on from after a gate passed. */
export async function scheduleDeployRun(rt: Runtime, deployId: string, resumeFrom?: number): Promise<void> {
  await rt.timers.arm(
    DEPLOY_RUN,
    runSubject(deployId),
    rt.clock.now(),
    resumeFrom === undefined ? {} : { resumeFrom },
  );
}
