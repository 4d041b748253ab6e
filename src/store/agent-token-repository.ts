import type { AgentRegistry, AgentSuspension, AgentTokenRecord } from '../services/ports/agent-registry.js';
import { sql } from './sql/kysely.js';
import type { ShipgateTables } from './sql/shipgate-tables.js';
import type { SqlRunner } from './sql/sql-runner.js';
import { defineStatement } from './sql/statement.js';

type TokenRow = ShipgateTables['agent_tokens'];
type SwitchRow = Omit<ShipgateTables['agent_switch'], 'id'>;

const date = (ms: number | null) => (ms === null ? null : new Date(Number(ms)));

const add = defineStatement((db, p) =>
  db
    .insertInto('agent_tokens')
    .values({
      name: p('name'),
      token_hash: p('tokenHash'),
      scopes: p('scopes'),
      channels: p('channels'),
      created_at: p('createdAt'),
      created_by: p('createdBy'),
    })
    .onConflict((oc) => oc.doNothing()),
);
const list = defineStatement((db) =>
  db.selectFrom('agent_tokens').selectAll().orderBy('created_at').orderBy('name'),
);
const byName = defineStatement((db, p) =>
  db.selectFrom('agent_tokens').selectAll().where('name', '=', p('name')),
);
const byTokenHash = defineStatement((db, p) =>
  db.selectFrom('agent_tokens').selectAll().where('token_hash', '=', p('tokenHash')),
);
const revoke = defineStatement((db, p) =>
  db
    .updateTable('agent_tokens')
    .set({ revoked_at: p('at') })
    .where('name', '=', p('name'))
    .where('revoked_at', 'is', null),
);
const touch = defineStatement((db, p) =>
  db
    .updateTable('agent_tokens')
    .set({ last_used_at: p('at') })
    .where('name', '=', p('name')),
);
const suspension = defineStatement((db) =>
  db
    .selectFrom('agent_switch')
    .select(['suspended', 'changed_by', 'changed_at', 'reason'])
    .where('id', '=', sql<number>`1`),
);
const switchTo = defineStatement((db, p) =>
  db
    .insertInto('agent_switch')
    .values({
      id: sql<number>`1`,
      suspended: p('suspended'),
      changed_by: p('by'),
      changed_at: p('at'),
      reason: p('reason'),
    })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet((eb) => ({
        suspended: eb.ref('excluded.suspended'),
        changed_by: eb.ref('excluded.changed_by'),
        changed_at: eb.ref('excluded.changed_at'),
        reason: eb.ref('excluded.reason'),
      })),
    ),
);

/**
 * Agent tokens in `agent_tokens` (hashes only) and the emergency stop in the one row of `agent_switch`, on either
 * store. Every decision (a name taken, a token revoked once) is one statement, so it holds across replicas too.
 */
export class AgentTokenRepository implements AgentRegistry {
  constructor(private readonly runner: SqlRunner) {}

  /** Stores a new token; false when the name (or the hash) is taken, also by a revoked token. */
  async add(record: Omit<AgentTokenRecord, 'revokedAt' | 'lastUsedAt'>): Promise<boolean> {
    const changed = await this.runner.run(add, {
      name: record.name,
      tokenHash: record.tokenHash,
      scopes: JSON.stringify(record.scopes),
      channels: JSON.stringify(record.channels),
      createdAt: record.createdAt.getTime(),
      createdBy: record.createdBy,
    });
    return changed > 0;
  }

  /** Every token, revoked ones too, oldest first (by name within one millisecond). */
  async list(): Promise<AgentTokenRecord[]> {
    return (await this.runner.all<TokenRow>(list)).map(toRecord);
  }

  async byName(name: string): Promise<AgentTokenRecord | undefined> {
    const row = await this.runner.get<TokenRow>(byName, { name });
    return row ? toRecord(row) : undefined;
  }

  async byTokenHash(tokenHash: string): Promise<AgentTokenRecord | undefined> {
    const row = await this.runner.get<TokenRow>(byTokenHash, { tokenHash });
    return row ? toRecord(row) : undefined;
  }

  /** Marks the token revoked at `at`; false when there is no such token or it was revoked already. */
  async revoke(name: string, at: Date): Promise<boolean> {
    return (await this.runner.run(revoke, { name, at: at.getTime() })) > 0;
  }

  async touch(name: string, at: Date): Promise<void> {
    await this.runner.run(touch, { name, at: at.getTime() });
  }

  async suspend(by: string, at: Date, reason: string): Promise<void> {
    await this.runner.run(switchTo, { suspended: 1, by, at: at.getTime(), reason });
  }

  async resume(by: string, at: Date): Promise<void> {
    await this.runner.run(switchTo, { suspended: 0, by, at: at.getTime(), reason: null });
  }

  async suspension(): Promise<AgentSuspension> {
    const row = await this.runner.get<SwitchRow>(suspension);
    if (!row) return { suspended: false, by: null, at: null, reason: null };
    return {
      suspended: Number(row.suspended) === 1,
      by: row.changed_by,
      at: date(row.changed_at),
      reason: row.reason,
    };
  }
}

function toRecord(row: TokenRow): AgentTokenRecord {
  return {
    name: row.name,
    tokenHash: row.token_hash,
    scopes: JSON.parse(row.scopes) as string[],
    channels: JSON.parse(row.channels) as string[],
    createdAt: new Date(Number(row.created_at)),
    createdBy: row.created_by,
    revokedAt: date(row.revoked_at),
    lastUsedAt: date(row.last_used_at),
  };
}
