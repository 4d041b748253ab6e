import type { ChecklistTick } from '../core/checklist/deployment-checklist.js';
import { formatDeployId } from '../core/deploys/deploy-id.js';
import type {
  ApprovalRow,
  BlockedVersion,
  DeployPatch,
  DeployRecord,
  LiveState,
} from '../core/deploys/deploy-record.js';
import type { DeployState } from '../core/deploys/deploy-types.js';
import type { SecretValues } from '../core/text/secret-values.js';
import { type Db, storedSecrets } from './database.js';
import { fromRow, type DeployRow as Row, toRow } from './deploy-row.js';
import { nextSequence } from './sequence.js';
import { Statements } from './statements.js';

/**
 * SQLite access to deploys, their approvals and the per-service lanes. Callers group writes in transactions. Free
 * text (outcomes, validation and step output) is stored with the database's secret values redacted.
 */
export class DeployRepository {
  private readonly sql: Statements;
  private readonly secrets: SecretValues;

  constructor(private readonly db: Db) {
    this.sql = new Statements(db);
    this.secrets = storedSecrets(db);
  }

  /** The next `DEP-YYYY-NNNN` id, numbered per year. */
  nextId(year: number): string {
    return formatDeployId(year, nextSequence(this.db, `deploy:${year}`));
  }

  insert(record: DeployRecord): void {
    this.sql
      .get(
        `INSERT INTO deploys (id, service, env, version, previous_version, bump, strategy, state, phase, requester, channel,
          emergency_reason, needs_review, required_roles, on_call, validations, steps, live_color, target_color, outcome,
          created_at, updated_at, finished_at, kind, rollback_of, survived, watch, release, readiness)
         VALUES (@id, @service, @env, @version, @previous_version, @bump, @strategy, @state, @phase, @requester, @channel,
          @emergency_reason, @needs_review, @required_roles, @on_call, @validations, @steps, @live_color, @target_color,
          @outcome, @created_at, @updated_at, @finished_at, @kind, @rollback_of, @survived, @watch, @release, @readiness)`,
      )
      .run(toRow(record, this.secrets));
  }

  get(id: string): DeployRecord | undefined {
    const row = this.sql.get('SELECT * FROM deploys WHERE id = ?').get(id) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  /** Applies `patch` and bumps `updated_at`. */
  update(id: string, patch: DeployPatch, at: Date): DeployRecord {
    const current = this.get(id);
    if (!current) throw new Error(`unknown deploy ${id}`);
    const next: DeployRecord = { ...current, ...patch, updatedAt: at };
    const row = toRow(next, this.secrets);
    this.sql
      .get(
        `UPDATE deploys SET state = @state, phase = @phase, previous_version = @previous_version, bump = @bump,
          required_roles = @required_roles, on_call = @on_call, validations = @validations, steps = @steps, live_color = @live_color, target_color = @target_color, outcome = @outcome,
          updated_at = @updated_at, finished_at = @finished_at, survived = @survived, watch = @watch,
          release = @release, readiness = @readiness WHERE id = @id`,
      )
      .run(row);
    return next;
  }

  approvals(id: string): ApprovalRow[] {
    const rows = this.sql
      .get(
        'SELECT user_id, role, in_place_of, at FROM deploy_approvals WHERE deploy_id = ? ORDER BY at, rowid',
      )
      .all(id) as { user_id: string; role: string; in_place_of: string; at: number }[];
    return rows.map((r) => {
      const inPlaceOf = JSON.parse(r.in_place_of) as string[];
      return {
        userId: r.user_id,
        role: r.role,
        at: new Date(r.at),
        ...(inPlaceOf.length ? { inPlaceOf } : {}),
      };
    });
  }

  /** Records an approval; false when this person already approved this deploy (double clicks count once). */
  addApproval(id: string, approval: ApprovalRow): boolean {
    const result = this.sql
      .get(
        'INSERT OR IGNORE INTO deploy_approvals (deploy_id, user_id, role, in_place_of, at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(
        id,
        approval.userId,
        approval.role,
        JSON.stringify(approval.inPlaceOf ?? []),
        approval.at.getTime(),
      );
    return result.changes === 1;
  }

  /** Takes the lane for `deployId` if it is free; true when this deploy now holds it. */
  acquireLane(service: string, env: string, deployId: string, at: Date): boolean {
    this.sql
      .get('INSERT OR IGNORE INTO lanes (service, env, holder, since) VALUES (?, ?, ?, ?)')
      .run(service, env, deployId, at.getTime());
    return this.laneHolder(service, env) === deployId;
  }

  /** Frees the lane if `deployId` holds it. */
  releaseLane(service: string, env: string, deployId: string): boolean {
    return (
      this.sql
        .get('DELETE FROM lanes WHERE service = ? AND env = ? AND holder = ?')
        .run(service, env, deployId).changes === 1
    );
  }

  laneHolder(service: string, env: string): string | undefined {
    const row = this.sql.get('SELECT holder FROM lanes WHERE service = ? AND env = ?').get(service, env) as
      | { holder: string }
      | undefined;
    return row?.holder;
  }

  /** Deploys waiting for a lane, oldest first (FIFO). */
  queued(service?: string, env?: string): DeployRecord[] {
    const rows = this.sql
      .get(
        `SELECT * FROM deploys WHERE state = 'queued' AND (@service IS NULL OR service = @service)
         AND (@env IS NULL OR env = @env) ORDER BY created_at, id`,
      )
      .all({ service: service ?? null, env: env ?? null }) as Row[];
    return rows.map(fromRow);
  }

  /** Deploys in any of `states`, oldest first. */
  inStates(states: readonly DeployState[]): DeployRecord[] {
    const rows = this.sql
      .get(
        `SELECT * FROM deploys WHERE state IN (${states.map(() => '?').join(', ')}) ORDER BY created_at, id`,
      )
      .all(...states) as Row[];
    return rows.map(fromRow);
  }

  /** The most recent deploys, newest first, optionally of one service. */
  recent(limit: number, service?: string): DeployRecord[] {
    const rows = this.sql
      .get(
        'SELECT * FROM deploys WHERE (@service IS NULL OR service = @service) ORDER BY created_at DESC, id DESC LIMIT @limit',
      )
      .all({ service: service ?? null, limit }) as Row[];
    return rows.map(fromRow);
  }

  /** Emergency deploys (window overridden) awaiting post-hoc review, newest first. */
  needingReview(): DeployRecord[] {
    const rows = this.sql
      .get('SELECT * FROM deploys WHERE needs_review = 1 ORDER BY created_at DESC, id DESC')
      .all() as Row[];
    return rows.map(fromRow);
  }

  /**
   * What runs in `env` now, from history: the last finished release's version (succeeded, or live and watched; a
   * rollback run that succeeded restored its version), and the colour last switched to.
   */
  current(service: string, env: string): LiveState | undefined {
    const row = this.sql
      .get(
        `SELECT
           (SELECT version FROM deploys WHERE service = @service AND env = @env AND state IN ('succeeded', 'watching')
             ORDER BY finished_at DESC, id DESC LIMIT 1) AS version,
           (SELECT target_color FROM deploys WHERE service = @service AND env = @env AND state IN ('succeeded', 'watching')
             AND target_color IS NOT NULL ORDER BY finished_at DESC, id DESC LIMIT 1) AS color`,
      )
      .get({ service, env }) as { version: string | null; color: LiveState['color'] | null };
    return row.version === null ? undefined : { version: row.version, color: row.color ?? undefined };
  }

  /** Blocks `version` of a service in an environment (after a rollback), naming who and why. */
  block(entry: BlockedVersion): void {
    this.sql
      .get(
        `INSERT INTO blocked_versions (service, env, version, blocked_by, reason, deploy_id, blocked_at)
         VALUES (@service, @env, @version, @blockedBy, @reason, @deployId, @at)
         ON CONFLICT (service, env, version) DO NOTHING`,
      )
      .run({ ...entry, reason: this.secrets.redact(entry.reason), at: entry.at.getTime() });
  }

  /** Unblocks a version; false when it was not blocked. */
  unblock(service: string, env: string, version: string): boolean {
    return (
      this.sql
        .get('DELETE FROM blocked_versions WHERE service = ? AND env = ? AND version = ?')
        .run(service, env, version).changes > 0
    );
  }

  /** Why a version is blocked, or undefined. */
  blocked(service: string, env: string, version: string): BlockedVersion | undefined {
    const row = this.sql
      .get('SELECT * FROM blocked_versions WHERE service = ? AND env = ? AND version = ?')
      .get(service, env, version) as
      | { blocked_by: string; reason: string; deploy_id: string; blocked_at: number }
      | undefined;
    return row
      ? {
          service,
          env,
          version,
          blockedBy: row.blocked_by,
          reason: row.reason,
          deployId: row.deploy_id,
          at: new Date(row.blocked_at),
        }
      : undefined;
  }

  /** The newest version that survived its watch in `env` and is not `except`, or undefined. */
  lastSurvived(service: string, env: string, except: string | undefined): string | undefined {
    const row = this.sql
      .get(
        `SELECT version FROM deploys WHERE service = ? AND env = ? AND survived = 1 AND version != ?
         ORDER BY finished_at DESC, id DESC LIMIT 1`,
      )
      .get(service, env, except ?? '') as { version: string } | undefined;
    return row?.version;
  }

  /** Whether any deploy of the service was ever requested (or recorded) in `env`, in whatever state. */
  hasHistory(service: string, env: string): boolean {
    return (
      this.sql.get('SELECT 1 FROM deploys WHERE service = ? AND env = ? LIMIT 1').get(service, env) !==
      undefined
    );
  }

  /** Whether `version` was ever deployed (and finished) in `env`. */
  everDeployed(service: string, env: string, version: string): boolean {
    return (
      this.sql
        .get(
          `SELECT 1 FROM deploys WHERE service = ? AND env = ? AND version = ? AND state IN ('succeeded', 'rolled_back') LIMIT 1`,
        )
        .get(service, env, version) !== undefined
    );
  }

  checklistTicks(id: string): ChecklistTick[] {
    const rows = this.sql
      .get('SELECT item_id, user_id, at FROM deploy_checklist_ticks WHERE deploy_id = ? ORDER BY at')
      .all(id) as { item_id: string; user_id: string; at: number }[];
    return rows.map((r) => ({ itemId: r.item_id, userId: r.user_id, at: new Date(r.at) }));
  }

  tickChecklist(id: string, tick: ChecklistTick): boolean {
    const result = this.sql
      .get(
        'INSERT INTO deploy_checklist_ticks (deploy_id, item_id, user_id, at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
      )
      .run(id, tick.itemId, tick.userId, tick.at.getTime());
    return result.changes > 0;
  }

  untickChecklist(id: string, itemId: string): boolean {
    const result = this.sql
      .get('DELETE FROM deploy_checklist_ticks WHERE deploy_id = ? AND item_id = ?')
      .run(id, itemId);
    return result.changes > 0;
  }
}
