import type { ActorKind } from '../core/actor.js';
import type { ChainFields } from '../core/audit/canonical-event.js';
import type { ChainHead } from '../core/audit/chain-break.js';
import type { StoredEvent } from '../core/event-record.js';
import type { AuditLog, AuditQuery, ChainedEvent } from '../services/ports/audit-log.js';
import { eventHash } from './event-hash.js';
import { sql } from './sql/kysely.js';
import type { ShipgateTables } from './sql/shipgate-tables.js';
import type { SqlRunner } from './sql/sql-runner.js';
import { defineStatement, statementShapes } from './sql/statement.js';

type Row = ShipgateTables['events'];

/** Which filters a listing has: `since`, `actorKind`, `subject` given or not (a shape per combination). */
type Filters = `${boolean}:${boolean}:${boolean}`;

const listing = statementShapes((filters: Filters) => {
  const [since, kind, subject] = filters.split(':').map((given) => given === 'true');
  return defineStatement((db, p) => {
    let query = db.selectFrom('events').selectAll();
    if (since) query = query.where('at', '>=', p('since'));
    if (kind) query = query.where('actor_kind', '=', p('kind'));
    if (subject) query = query.where('subject', '=', p('subject'));
    return query.orderBy('id').limit(p('limit'));
  });
});
const page = defineStatement((db, p) =>
  db.selectFrom('events').selectAll().where('id', '>', p('after')).orderBy('id').limit(p('limit')),
);
const headRow = defineStatement((db) => db.selectFrom('events_head').select(['last_id as id', 'hash']));
const withHash = defineStatement((db, p) =>
  db
    .selectFrom('events')
    .select('id')
    .where('hash', '=', p('hash'))
    .where('id', '>', p('after'))
    .orderBy('id')
    .limit(sql.lit(1)),
);

/**
 * An id bound for "after": ids are 64-bit integers, which PostgreSQL cannot compare with -Infinity (the first
 * page's bound), so anything below the smallest safe integer is sent as that.
 */
const after = (id: number) => Math.max(id, Number.MIN_SAFE_INTEGER);

/** The audit's read side of the `events` table and its chain head (`events_head`), on either store; read-only is fine. */
export class AuditRepository implements AuditLog {
  constructor(private readonly runner: SqlRunner) {}

  /** Matching events in id order; each filter narrows the SQL (`at` compares as ISO text, always UTC). */
  async events(query: AuditQuery): Promise<StoredEvent[]> {
    const filters: Filters = `${query.since !== undefined}:${query.actorKind !== undefined}:${query.subject !== undefined}`;
    const rows = await this.runner.all<Row>(listing(filters), {
      limit: query.limit,
      ...(query.since ? { since: query.since.toISOString() } : {}),
      ...(query.actorKind ? { kind: query.actorKind } : {}),
      ...(query.subject !== undefined ? { subject: query.subject } : {}),
    });
    return rows.map(toEvent);
  }

  /** Stored rows after `afterId`, with their chain columns as they are. */
  async chainAfter(afterId: number, limit: number): Promise<ChainedEvent[]> {
    const rows = await this.runner.all<Row>(page, { after: after(afterId), limit });
    return rows.map((row) => ({
      id: Number(row.id),
      at: row.at,
      actor: row.actor,
      actorKind: row.actor_kind,
      subject: row.subject,
      type: row.type,
      payload: row.payload,
      prevHash: row.prev_hash,
      hash: row.hash,
    }));
  }

  /** The recorded chain head. */
  async head(): Promise<ChainHead> {
    const head = await this.runner.get<ChainHead>(headRow);
    if (!head) throw new Error('events_head has no row: the database is not fully migrated');
    return { id: Number(head.id), hash: head.hash };
  }

  /** The first row after `afterId` with this stored hash. */
  async idWithHash(hash: string, afterId: number): Promise<number | undefined> {
    const row = await this.runner.get<{ id: number }>(withHash, { hash, after: after(afterId) });
    return row === undefined ? undefined : Number(row.id);
  }

  /** {@link eventHash}, the function appends use. */
  hashOf(fields: ChainFields): string {
    return eventHash(fields);
  }

  /** One read snapshot: every read inside sees the same committed state, and writers are never blocked. */
  snapshot<T>(read: () => Promise<T>): Promise<T> {
    return this.runner.snapshot(read);
  }
}

/** A row as an event; a payload that is not a JSON object (only after tampering) is shown as `{ _raw: text }`. */
function toEvent(row: Row): StoredEvent {
  return {
    id: Number(row.id),
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
