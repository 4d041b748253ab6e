import type { Attestation } from '../core/readiness/attestation.js';
import type { Db } from './database.js';
import { Statements } from './statements.js';

interface AttestationRow {
  service: string;
  item_id: string;
  user_id: string;
  role: string;
  version: string | null;
  at: number;
}

/** Checklist ticks in `readiness_attestations`, one row per service and item. */
export class AttestationRepository {
  private readonly sql: Statements;

  constructor(db: Db) {
    this.sql = new Statements(db);
  }

  forService(service: string): Attestation[] {
    const rows = this.sql
      .get('SELECT * FROM readiness_attestations WHERE service = ? ORDER BY item_id')
      .all(service) as AttestationRow[];
    return rows.map((row) => ({
      service: row.service,
      itemId: row.item_id,
      userId: row.user_id,
      role: row.role,
      version: row.version ?? undefined,
      at: new Date(row.at),
    }));
  }

  put(a: Attestation): void {
    this.sql
      .get(
        `INSERT INTO readiness_attestations (service, item_id, user_id, role, version, at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (service, item_id) DO UPDATE SET user_id = excluded.user_id, role = excluded.role,
           version = excluded.version, at = excluded.at`,
      )
      .run(a.service, a.itemId, a.userId, a.role, a.version ?? null, a.at.getTime());
  }

  remove(service: string, itemId: string): boolean {
    return (
      this.sql
        .get('DELETE FROM readiness_attestations WHERE service = ? AND item_id = ?')
        .run(service, itemId).changes > 0
    );
  }
}
