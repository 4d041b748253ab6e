import type { IncidentPatch, IncidentRecord } from '../../core/incidents/incident-record.js';

/** Stored incidents: the current state commands need at once; everything else is read from their events. */
export interface IncidentStore {
  nextId(year: number): string;
  insert(record: IncidentRecord): void;
  get(id: string): IncidentRecord | undefined;
  byChannel(channelId: string): IncidentRecord | undefined;
  update(id: string, patch: IncidentPatch, at: Date): IncidentRecord;
  /** Open incidents, newest first; with `all`, every incident. */
  list(all?: boolean): IncidentRecord[];
}
