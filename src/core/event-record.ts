import type { Actor, ActorKind } from './actor.js';

/** One row of the append-only event log: the audit trail, timelines and reports are read from these. */
export interface StoredEvent {
  readonly id: number;
  readonly at: Date;
  readonly actor: string;
  readonly actorKind: ActorKind;
  readonly subject: string;
  readonly type: string;
  readonly payload: Record<string, unknown>;
}

/** What a caller appends; `id` is assigned by the store. */
export interface NewEvent {
  readonly at: Date;
  readonly actor: Actor;
  readonly subject: string;
  readonly type: string;
  readonly payload?: Record<string, unknown>;
}
