import type { AgentSuspension, AgentTokenRecord } from '../services/ports/agent-registry.js';
import type { Db } from './database.js';
import { Statements } from './statements.js';

interface TokenRow {
  name: string;
  token_hash: string;
  scopes: string;
  channels: string;
  created_at: number;
  created_by: string;
  revoked_at: number | null;
  last_used_at: number | null;
}

interface SwitchRow {
  suspended: number;
  changed_by: string | null;
  changed_at: number | null;
  reason: string | null;
}

const date = (ms: number | null) => (ms === null ? null : new Date(ms));

/** Agent tokens in `agent_tokens` (hashes only) and the emergency stop in the one row of `agent_switch`. */
export class AgentTokenRepository {
  private readonly sql: Statements;

  constructor(db: Db) {
    this.sql = new Statements(db);
  }

  add(record: Omit<AgentTokenRecord, 'revokedAt' | 'lastUsedAt'>): boolean {
    const result = this.sql
      .get(
        `INSERT INTO agent_tokens (name, token_hash, scopes, channels, created_at, created_by)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      )
      .run(
        record.name,
        record.tokenHash,
        JSON.stringify(record.scopes),
        JSON.stringify(record.channels),
        record.createdAt.getTime(),
        record.createdBy,
      );
    return result.changes > 0;
  }

  list(): AgentTokenRecord[] {
    const rows = this.sql.get('SELECT * FROM agent_tokens ORDER BY created_at, name').all() as TokenRow[];
    return rows.map(toRecord);
  }

  byName(name: string): AgentTokenRecord | undefined {
    const row = this.sql.get('SELECT * FROM agent_tokens WHERE name = ?').get(name) as TokenRow | undefined;
    return row ? toRecord(row) : undefined;
  }

  byTokenHash(tokenHash: string): AgentTokenRecord | undefined {
    const row = this.sql.get('SELECT * FROM agent_tokens WHERE token_hash = ?').get(tokenHash) as
      | TokenRow
      | undefined;
    return row ? toRecord(row) : undefined;
  }

  revoke(name: string, at: Date): boolean {
    return (
      this.sql
        .get('UPDATE agent_tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL')
        .run(at.getTime(), name).changes > 0
    );
  }

  touch(name: string, at: Date): void {
    this.sql.get('UPDATE agent_tokens SET last_used_at = ? WHERE name = ?').run(at.getTime(), name);
  }

  suspend(by: string, at: Date, reason: string): void {
    this.switchTo(1, by, at, reason);
  }

  resume(by: string, at: Date): void {
    this.switchTo(0, by, at, null);
  }

  suspension(): AgentSuspension {
    const row = this.sql
      .get('SELECT suspended, changed_by, changed_at, reason FROM agent_switch WHERE id = 1')
      .get() as SwitchRow | undefined;
    if (!row) return { suspended: false, by: null, at: null, reason: null };
    return {
      suspended: row.suspended === 1,
      by: row.changed_by,
      at: date(row.changed_at),
      reason: row.reason,
    };
  }

  private switchTo(suspended: 0 | 1, by: string, at: Date, reason: string | null): void {
    this.sql
      .get(
        `INSERT INTO agent_switch (id, suspended, changed_by, changed_at, reason) VALUES (1, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET suspended = excluded.suspended, changed_by = excluded.changed_by,
           changed_at = excluded.changed_at, reason = excluded.reason`,
      )
      .run(suspended, by, at.getTime(), reason);
  }
}

function toRecord(row: TokenRow): AgentTokenRecord {
  return {
    name: row.name,
    tokenHash: row.token_hash,
    scopes: JSON.parse(row.scopes) as string[],
    channels: JSON.parse(row.channels) as string[],
    createdAt: new Date(row.created_at),
    createdBy: row.created_by,
    revokedAt: date(row.revoked_at),
    lastUsedAt: date(row.last_used_at),
  };
}
