import type { Db } from '../database.js';
import { eventHash } from '../event-hash.js';

/** The SQL function the SQLite event append computes each row's chain hash with (see `event-log.ts`). */
export const EVENT_HASH_FUNCTION = 'shipgate_event_hash';

const registered = new WeakSet<Db>();

/**
 * Registers on `db`, once per connection, the application functions Shipgate's SQLite statements call:
 * {@link EVENT_HASH_FUNCTION} (deterministic: {@link eventHash} over the fields as bound), so an append stays one
 * statement that reads the head and writes the row under SQLite's write lock. Works on read-only handles too.
 */
export function registerSqliteFunctions(db: Db): void {
  if (registered.has(db)) return;
  db.function(
    EVENT_HASH_FUNCTION,
    { deterministic: true },
    (id, at, actor, actorKind, subject, type, payload, prevHash) =>
      eventHash({
        id: Number(id),
        at: String(at),
        actor: String(actor),
        actorKind: String(actorKind),
        subject: String(subject),
        type: String(type),
        payload: String(payload),
        prevHash: String(prevHash),
      }),
  );
  registered.add(db);
}
