import type { Runtime } from '../runtime.js';
import { resumeDeployNow, runDeployNow } from './advance-deploy.js';
import { DEPLOY_RUN, scheduleDeployRun } from './deploy-run.js';
import { interruptCutOffRun } from './interrupt-run.js';

/** The prefix {@link runSubject} gives a deploy id. */
const RUN_PREFIX = 'run:';

/**
 * Registers the handler of the deploys' run timers. On its first claim a run timer does the work it was armed for
 * (`runDeployNow`, or `resumeDeployNow` after a canary gate). Claimed again — the replica or process that held it
 * stopped mid-run, or the run failed — a deploy it finds `running` was cut off: it gets what a restart gives it
 * (`interruptCutOffRun`: interrupted with its lane locked, halted for an ordered rollback, or left waiting at a
 * gate), and is never started again by Shipgate on its own. Validations that were cut off run again. A run that
 * threw is tried once more, the same way: as a cut-off run, never as a second start of the steps.
 */
export function registerDeployRunTimer(rt: Runtime): void {
  rt.timers.on(
    DEPLOY_RUN,
    async (timer) => {
      const id = timer.subject.startsWith(RUN_PREFIX)
        ? timer.subject.slice(RUN_PREFIX.length)
        : timer.subject;
      if ((timer.claim ?? 1) > 1 || timer.attempts > 0) {
        const deploy = await rt.deploys.get(id);
        if (!deploy) return;
        const cutOff = await interruptCutOffRun(rt, deploy);
        rt.notifier.flush();
        if (cutOff.outcome === 'halted') await scheduleDeployRun(rt, cutOff.rollbackId);
        if (cutOff.outcome !== 'not running') return;
      }
      const resumeFrom = timer.payload.resumeFrom;
      if (typeof resumeFrom === 'number') await resumeDeployNow(rt, id, resumeFrom);
      else await runDeployNow(rt, id);
    },
    { maxAttempts: 2 },
  );
}
