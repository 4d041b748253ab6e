import { type IncidentClockPolicy, updateDueAt } from './incident-deadlines.js';
import type { IncidentLogEntry } from './incident-log.js';
import { applyIncidentEvent, type ClockBreach, type IncidentSnapshot } from './incident-snapshot.js';
import { transitionIncident } from './incident-state-machine.js';

/** One status update measured against the due time in force when it was posted. */
export interface UpdateTiming {
  readonly at: Date;
  /** `undefined` when no update was due (before acknowledgement, or a severity without a cadence). */
  readonly dueAt: Date | undefined;
  readonly onTime: boolean;
  /** How late it came; 0 when on time. */
  readonly lateByMs: number;
}

/** The measured figures of an incident report. Times are exact milliseconds, `undefined` if it never happened. */
export interface IncidentFigures {
  /** Declared → first acknowledgement by a human (`ack`, or a human assigning a commander). */
  readonly timeToAcknowledgeMs: number | undefined;
  /** Declared → first status update. */
  readonly timeToFirstUpdateMs: number | undefined;
  readonly updates: readonly UpdateTiming[];
  readonly updatesOnTime: number;
  readonly updatesLate: number;
  readonly breaches: readonly ClockBreach[];
}

/**
 * Replays the log to measure the incident. Each update is compared with the update due time computed, by the same
 * rule that armed the timer, from the incident as it stood just before the update, so a severity change or an
 * earlier update moves the yardstick exactly as it moved the clock. Posted at or before the due minute is on
 * time. Updates the state machine refuses (after resolution) are not counted.
 */
export function measureIncident(
  log: readonly IncidentLogEntry[],
  policy: IncidentClockPolicy,
): IncidentFigures {
  let snapshot: IncidentSnapshot | undefined;
  const updates: UpdateTiming[] = [];
  for (const e of log) {
    if (
      e.type === 'incident.update_posted' &&
      snapshot &&
      transitionIncident(snapshot.state, 'post_update').ok
    ) {
      const dueAt = updateDueAt(policy, snapshot);
      const lateByMs = dueAt === undefined ? 0 : Math.max(0, e.at.getTime() - dueAt.getTime());
      updates.push({ at: e.at, dueAt, onTime: lateByMs === 0, lateByMs });
    }
    snapshot = applyIncidentEvent(snapshot, e);
  }
  if (snapshot === undefined) throw new TypeError('the incident log holds no incident.declared event');
  const since = (at: Date | undefined) =>
    at === undefined ? undefined : at.getTime() - snapshot.declaredAt.getTime();
  return {
    timeToAcknowledgeMs: since(snapshot.acknowledgedAt),
    timeToFirstUpdateMs: since(snapshot.firstUpdateAt),
    updates,
    updatesOnTime: updates.filter((u) => u.onTime).length,
    updatesLate: updates.filter((u) => !u.onTime).length,
    breaches: snapshot.breaches,
  };
}
