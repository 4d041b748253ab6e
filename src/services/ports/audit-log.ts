import type { ActorKind } from '../../core/actor.js';
import type { ChainFields } from '../../core/audit/canonical-event.js';
import type { ChainHead } from '../../core/audit/chain-break.js';
import type { StoredEvent } from '../../core/event-record.js';

/** One row of the event log as stored, with its chain columns (NULL only in a row written around Shipgate). */
export interface ChainedEvent extends ChainFields {
  readonly hash: string | null;
}

/** Which events an audit listing shows, oldest first: every filter given must match. */
export interface AuditQuery {
  /** Events at or after this instant. */
  readonly since?: Date | undefined;
  readonly actorKind?: ActorKind | undefined;
  /** Exactly this subject (`DEP-2026-0042`, `INC-2026-0007`, a service…). */
  readonly subject?: string | undefined;
  readonly limit: number;
}

/**
 * The event log as the audit reads it: the listing for people, and the raw chain for `verifyAudit`. Read-only; it
 * works on a read-only handle beside a running Shipgate.
 */
export interface AuditLog {
  /** Up to `limit` matching events in id order (the order they were appended). */
  events(query: AuditQuery): Promise<StoredEvent[]>;
  /** Up to `limit` stored rows with ids above `afterId` (`-Infinity` for the first), in id order. */
  chainAfter(afterId: number, limit: number): Promise<ChainedEvent[]>;
  /** The chain head every append moves: the last appended event's id and hash (id 0 and the genesis value if none). */
  head(): Promise<ChainHead>;
  /** The smallest id above `afterId` of a row whose stored hash is `hash` (a scan; only used once a row fails). */
  idWithHash(hash: string, afterId: number): Promise<number | undefined>;
  /** The hash an append computes over these stored fields: the one function appends and the migration use. */
  hashOf(fields: ChainFields): string;
  /** Runs `read` over one consistent snapshot of the log, so events appended meanwhile are not half seen. */
  snapshot<T>(read: () => Promise<T>): Promise<T>;
}
