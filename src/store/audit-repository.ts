import type { ActorKind } from '../core/actor.js';
import type { ChainFields } from '../core/audit/canonical-event.js';
import type { ChainHead } from '../core/audit/chain-break.js';
import type { StoredEvent } from '../core/event-record.js';
import type { AuditLog, AuditQuery, ChainedEvent } from '../services/ports/audit-log.js';
import { type ConnectionGate, gateOf } from './connection-gate.js';
import type { Db } from './database.js';
import { eventHash } from './event-hash.js';
import { Statements } from './statements.js';

interface Row {
  id: number;
  at: string;
  actor: string;
  actor_kind: string;
  subject: string;
  type: string;
  payload: string;
  prev_hash: string | null;
  hash: string | null;
}

/** The audit's read side of the `events` table and its chain head (`events_head`); read-only handles are fine. */
export class AuditRepository implements AuditLog {
  private readonly page;
  private readonly headRow;
  private readonly withHash;
  private readonly queries;
  private readonly gate: ConnectionGate;

  constructor(db: Db) {
    this.gate = gateOf(db);
    this.queries = new Statements(db);
    this.page = db.prepare<[number, number], Row>('SELECT * FROM events WHERE id > ? ORDER BY id LIMIT ?');
    this.headRow = db.prepare<[], ChainHead>('SELECT last_id AS id, hash FROM events_head');
    this.withHash = db.prepare<[string, number], { id: number }>(
      'SELECT id FROM events WHERE hash = ? AND id > ? ORDER BY id LIMIT 1',
    );
  }

  /** Matching events in id order; each filter narrows the SQL (`at` compares as ISO text, always UTC). */
  events(query: AuditQuery): Promise<StoredEvent[]> {
    const where: string[] = [];
    const params: Record<string, string | number> = { limit: query.limit };
    if (query.since) {
      where.push('at >= @since');
      params.since = query.since.toISOString();
    }
    if (query.actorKind) {
      where.push('actor_kind = @kind');
      params.kind = query.actorKind;
    }
    if (query.subject !== undefined) {
      where.push('subject = @subject');
      params.subject = query.subject;
    }
    const sql = `SELECT * FROM events${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY id LIMIT @limit`;
    return this.gate.run(() =>
      this.queries.get<[Record<string, string | number>], Row>(sql).all(params).map(toEvent),
    );
  }

  /** Stored rows after `afterId`, with their chain columns as they are. */
  chainAfter(afterId: number, limit: number): Promise<ChainedEvent[]> {
    return this.gate.run(() =>
      this.page.all(afterId, limit).map((row) => ({
        id: row.id,
        at: row.at,
        actor: row.actor,
        actorKind: row.actor_kind,
        subject: row.subject,
        type: row.type,
        payload: row.payload,
        prevHash: row.prev_hash,
        hash: row.hash,
      })),
    );
  }

  /** The recorded chain head. */
  head(): Promise<ChainHead> {
    return this.gate.run(() => {
      const head = this.headRow.get();
      if (!head) throw new Error('events_head has no row: the database is not fully migrated');
      return head;
    });
  }

  /** The first row after `afterId` with this stored hash. */
  idWithHash(hash: string, afterId: number): Promise<number | undefined> {
    return this.gate.run(() => this.withHash.get(hash, afterId)?.id);
  }

  /** {@link eventHash}, the function appends use. */
  hashOf(fields: ChainFields): string {
    return eventHash(fields);
  }

  /** One read transaction: every read inside sees the same committed state, and writers are never blocked (WAL). */
  snapshot<T>(read: () => Promise<T>): Promise<T> {
    return this.gate.transaction(read, 'BEGIN');
  }
}

/** A row as an event; a payload that is not a JSON object (only after tampering) is shown as `{ _raw: text }`. */
function toEvent(row: Row): StoredEvent {
  return {
    id: row.id,
    at: new Date(row.at),
    actor: row.actor,
    actorKind: row.actor_kind as ActorKind,
    subject: row.subject,
    type: row.type,
    payload: parsePayload(row.payload),
  };
}

function parsePayload(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    if (value !== null && typeof value === 'object' && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // not JSON: shown raw below
  }
  return { _raw: text };
}
