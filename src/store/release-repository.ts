import type { ReleasePatch, ReleaseRecord, ReleaseState } from '../services/ports/release-store.js';
import { type Db, storedSecrets } from './database.js';
import { Statements } from './statements.js';

interface Row {
  service: string;
  version: string;
  env: string;
  deploy_id: string;
  commit_sha: string | null;
  tag: string;
  state: string;
  detail: string | null;
  created_at: number;
  updated_at: number;
}

function fromRow(r: Row): ReleaseRecord {
  return {
    service: r.service,
    version: r.version,
    env: r.env,
    deployId: r.deploy_id,
    commit: r.commit_sha ?? undefined,
    tag: r.tag,
    state: r.state as ReleaseState,
    detail: r.detail ?? undefined,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
  };
}

/**
 * SQLite access to the `releases` table: one row per service and version, written before a tag is created so a
 * crash between the two is found and finished by the next attempt. Details (git's error text) are stored with the
 * database's secret values redacted.
 */
export class ReleaseRepository {
  private readonly sql: Statements;

  constructor(private readonly db: Db) {
    this.sql = new Statements(db);
  }

  get(service: string, version: string): ReleaseRecord | undefined {
    const row = this.sql
      .get('SELECT * FROM releases WHERE service = ? AND version = ?')
      .get(service, version) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  insertPending(r: ReleaseRecord): ReleaseRecord {
    this.sql
      .get(
        `INSERT INTO releases (service, version, env, deploy_id, commit_sha, tag, state, detail, created_at, updated_at)
         VALUES (@service, @version, @env, @deployId, @commit, @tag, @state, @detail, @createdAt, @updatedAt)
         ON CONFLICT (service, version) DO NOTHING`,
      )
      .run({
        ...r,
        commit: r.commit ?? null,
        detail: r.detail === undefined ? null : storedSecrets(this.db).redact(r.detail),
        createdAt: r.createdAt.getTime(),
        updatedAt: r.updatedAt.getTime(),
      });
    const stored = this.get(r.service, r.version);
    if (!stored) throw new Error(`release ${r.service} ${r.version} was not stored`);
    return stored;
  }

  update(service: string, version: string, patch: ReleasePatch, at: Date): ReleaseRecord {
    const current = this.get(service, version);
    if (!current) throw new Error(`unknown release ${service} ${version}`);
    const next = { ...current, ...patch, updatedAt: at };
    this.sql
      .get(
        `UPDATE releases SET env = @env, deploy_id = @deployId, commit_sha = @commit, state = @state, detail = @detail,
          updated_at = @updatedAt WHERE service = @service AND version = @version`,
      )
      .run({
        service,
        version,
        env: next.env,
        deployId: next.deployId,
        commit: next.commit ?? null,
        state: next.state,
        detail: next.detail === undefined ? null : storedSecrets(this.db).redact(next.detail),
        updatedAt: at.getTime(),
      });
    return {
      ...next,
      detail: next.detail === undefined ? undefined : storedSecrets(this.db).redact(next.detail),
    };
  }

  list(service: string, limit: number): ReleaseRecord[] {
    const rows = this.sql
      .get('SELECT * FROM releases WHERE service = ? ORDER BY created_at DESC, version DESC LIMIT ?')
      .all(service, limit) as Row[];
    return rows.map(fromRow);
  }
}
