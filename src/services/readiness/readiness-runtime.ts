import type { Runtime } from '../runtime.js';

/**
 * The parts of the runtime a readiness assessment reads: the config (with its checklist), the clock, on-call, the
 * deploy history (for `tests_passed`), the stored attestations and the probes. The CLI builds only these.
 */
export type ReadinessRuntime = Pick<
  Runtime,
  'config' | 'clock' | 'onCall' | 'attestations' | 'readinessProbes'
> & {
  readonly deploys: Pick<Runtime['deploys'], 'recent'>;
  /** The event log, for the recorded emergency-stop drills (`emergency_stop_tested`); absent, none count. */
  readonly events?: Pick<Runtime['events'], 'forSubject'>;
};
