import type { StoredEvent } from '../../core/event-record.js';

/** The subject every emergency stop and resume is recorded under. */
export const AGENTS_SUBJECT = 'agents';
/** `/shipgate agents stop`. */
export const AGENTS_SUSPENDED = 'agents.suspended';
/** `/shipgate agents resume`. */
export const AGENTS_RESUMED = 'agents.resumed';

/** A stop followed by a resume: the drill the readiness item "AI Agent emergency stop tested" asks for. */
export interface StopDrill {
  readonly stoppedAt: Date;
  readonly stoppedBy: string;
  readonly resumedAt: Date;
  readonly resumedBy: string;
}

/** The newest stop → resume pair in the events of {@link AGENTS_SUBJECT}, or undefined when none was recorded. */
export function lastStopDrill(events: readonly StoredEvent[]): StopDrill | undefined {
  let stop: StoredEvent | undefined;
  let drill: StopDrill | undefined;
  for (const e of events) {
    if (e.type === AGENTS_SUSPENDED) stop = e;
    else if (e.type === AGENTS_RESUMED && stop) {
      drill = { stoppedAt: stop.at, stoppedBy: stop.actor, resumedAt: e.at, resumedBy: e.actor };
      stop = undefined;
    }
  }
  return drill;
}
