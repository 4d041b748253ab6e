/**
 * The `prev_hash` of the first event in the chain: 64 zeros, the width of a SHA-256 hex digest, so no real hash
 * can be mistaken for it.
 */
export const GENESIS_HASH = '0'.repeat(64);

/** The stored columns one event's chain hash covers, exactly as SQLite holds them (the payload is its JSON text). */
export interface ChainFields {
  readonly id: number;
  readonly at: string;
  readonly actor: string;
  readonly actorKind: string;
  readonly subject: string;
  readonly type: string;
  readonly payload: string;
  readonly prevHash: string | null;
}

/** The version tag that opens every serialisation; changing the format means a new tag and a migration. */
const FORMAT = 'shipgate.event.v1';

/**
 * The one canonical serialisation of an event for its chain hash: a JSON array of the format tag and the fields
 * in a fixed order, `["shipgate.event.v1", id, at, actor, actor_kind, subject, type, payload, prev_hash]`. JSON
 * quoting makes it unambiguous (no field can run into the next), the payload is the stored text rather than a
 * re-serialised object (so key order never matters), and the id is included, so moving a row to another id, or
 * inserting or deleting one, breaks the chain.
 */
export function canonicalEvent(fields: ChainFields): string {
  return JSON.stringify([
    FORMAT,
    fields.id,
    fields.at,
    fields.actor,
    fields.actorKind,
    fields.subject,
    fields.type,
    fields.payload,
    fields.prevHash,
  ]);
}
