import type { IncidentPatch, IncidentRecord } from '../../core/incidents/incident-record.js';

/** Stored incidents: the current state commands need at once; everything else is read from their events. */
export interface IncidentStore {
  nextId(year: number): Promise<string>;
  insert(record: IncidentRecord): Promise<void>;
  get(id: string): Promise<IncidentRecord | undefined>;
  byChannel(channelId: string): Promise<IncidentRecord | undefined>;
  update(id: string, patch: IncidentPatch, at: Date): Promise<IncidentRecord>;
  /** Open incidents, newest first; with `all`, every incident. */
  list(all?: boolean): Promise<IncidentRecord[]>;
}
