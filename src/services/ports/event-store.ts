import type { NewEvent, StoredEvent } from '../../core/event-record.js';

/** The append-only event log: every state change is one event; timelines, audits and reports are read from it. */
export interface EventStore {
  append(event: NewEvent): Promise<number>;
  forSubject(subject: string): Promise<StoredEvent[]>;
}
