import type { ActorKind } from '../../../../src/core/actor.js';
import { parseDuration } from '../../../../src/core/config/duration.js';
import type { IncidentClockPolicy } from '../../../../src/core/incidents/incident-deadlines.js';
import type {
  IncidentEventRecord,
  IncidentEventType,
  IncidentPayloadInput,
} from '../../../../src/core/incidents/incident-log.js';

function duration(text: string) {
  const parsed = parseDuration(text);
  if (!parsed) throw new Error(`bad duration ${text}`);
  return parsed;
}

/** The example config's incident policy (chapter 6.1 numbers), in the team zone Europe/Berlin. */
export const POLICY: IncidentClockPolicy = {
  severities: {
    'SEV-1': {
      respond_within: duration('15m'),
      update_every: duration('20m'),
      escalate_to: ['engineering-lead', 'cto'],
    },
    'SEV-2': {
      respond_within: duration('30m'),
      update_every: duration('30m'),
      escalate_to: ['engineering-lead'],
    },
    'SEV-3': {
      respond_within: duration('2h'),
      update_every: duration('2h'),
      escalate_to: ['team-lead'],
    },
    'SEV-4': { respond_within: duration('24h'), escalate_to: [] },
  },
  reviewWithin: duration('48h'),
  timeZone: 'Europe/Berlin',
};

/** `HH:MM` or `HH:MM:SS` on 2026-11-24 (UTC), or a full ISO time. */
export function at(time: string): Date {
  return new Date(time.includes('T') ? time : `2026-11-24T${time.length === 5 ? `${time}:00` : time}Z`);
}

/** One stored incident event; the actor is alice (a human) unless given. */
export function ev<T extends IncidentEventType>(
  type: T,
  time: string,
  payload: IncidentPayloadInput<T>,
  actor = 'U0ALICE',
  actorKind: ActorKind = 'human',
): IncidentEventRecord {
  return { at: at(time), actor, actorKind, type, payload: payload as Record<string, unknown> };
}

/** `incident.declared` for INC-2026-0007 "Checkout down" at `time`. */
export function declared(time: string, severity: 'SEV-1' | 'SEV-2' | 'SEV-3' | 'SEV-4' = 'SEV-1') {
  return ev('incident.declared', time, {
    id: 'INC-2026-0007',
    severity,
    title: 'Checkout down',
    services: ['checkout'],
  });
}

/** ISO strings of dates, for readable comparisons. */
export function iso(dates: readonly (Date | undefined)[]): (string | undefined)[] {
  return dates.map((d) => d?.toISOString());
}
