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
import type { DeployStore } from '../services/ports/deploy-store.js';
import { fromRow, type DeployRow as Row, toRow } from './deploy-row.js';
import { sql } from './sql/kysely.js';
import { nextSequence } from './sql/next-sequence.js';
import type { SqlRunner } from './sql/sql-runner.js';
import { defineStatement, statementShapes } from './sql/statement.js';

/** The states a finished release is in: succeeded, or live and watched. */
const LIVE_STATES = [sql.lit<DeployState>('succeeded'), sql.lit<DeployState>('watching')];

const insert = defineStatement((db, p) =>
  db.insertInto('deploys').values({
    id: p('id'),
    service: p('service'),
    env: p('env'),
    version: p('version'),
    previous_version: p('previous_version'),
    bump: p('bump'),
    strategy: p('strategy'),
    state: p('state'),
    phase: p('phase'),
    requester: p('requester'),
    channel: p('channel'),
    emergency_reason: p('emergency_reason'),
    needs_review: p('needs_review'),
    required_roles: p('required_roles'),
    on_call: p('on_call'),
    validations: p('validations'),
    steps: p('steps'),
    live_color: p('live_color'),
    target_color: p('target_color'),
    outcome: p('outcome'),
    created_at: p('created_at'),
    updated_at: p('updated_at'),
    finished_at: p('finished_at'),
    kind: p('kind'),
    rollback_of: p('rollback_of'),
    survived: p('survived'),
    watch: p('watch'),
    release: p('release'),
    readiness: p('readiness'),
  }),
);
const byId = defineStatement((db, p) => db.selectFrom('deploys').selectAll().where('id', '=', p('id')));
const update = defineStatement((db, p) =>
  db
    .updateTable('deploys')
    .set({
      state: p('state'),
      phase: p('phase'),
      previous_version: p('previous_version'),
      bump: p('bump'),
      required_roles: p('required_roles'),
      on_call: p('on_call'),
      validations: p('validations'),
      steps: p('steps'),
      live_color: p('live_color'),
      target_color: p('target_color'),
      outcome: p('outcome'),
      updated_at: p('updated_at'),
      finished_at: p('finished_at'),
      survived: p('survived'),
      watch: p('watch'),
      release: p('release'),
      readiness: p('readiness'),
    })
    .where('id', '=', p('id')),
);
const approvals = defineStatement((db, p) =>
  db
    .selectFrom('deploy_approvals')
    .select(['user_id', 'role', 'in_place_of', 'at'])
    .where('deploy_id', '=', p('id'))
    .orderBy('at')
    .orderBy('seq')
    .orderBy('user_id'),
);
/** One statement: the primary key decides "once per person", the subquery numbers the approval within its deploy. */
const addApproval = defineStatement((db, p) =>
  db
    .insertInto('deploy_approvals')
    .values((eb) => ({
      deploy_id: p('id'),
      user_id: p('userId'),
      role: p('role'),
      in_place_of: p('inPlaceOf'),
      at: p('at'),
      seq: eb
        .selectFrom('deploy_approvals as earlier')
        .select(sql<number>`coalesce(max(earlier.seq), 0) + 1`.as('next'))
        .where('earlier.deploy_id', '=', p('id')),
    }))
    .onConflict((oc) => oc.columns(['deploy_id', 'user_id']).doNothing()),
);
/**
 * One statement: inserts the lane, or, when it is taken, touches it only if this deploy already holds it, so the
 * row count says whether `holder` holds the lane now, with no read between deciding and answering.
 */
const acquireLane = defineStatement((db, p) =>
  db
    .insertInto('lanes')
    .values({ service: p('service'), env: p('env'), holder: p('holder'), since: p('since') })
    .onConflict((oc) =>
      oc
        .columns(['service', 'env'])
        .doUpdateSet({ holder: sql<string>`lanes.holder` })
        .where(sql<string>`lanes.holder`, '=', sql<string>`excluded.holder`),
    ),
);
const releaseLane = defineStatement((db, p) =>
  db
    .deleteFrom('lanes')
    .where('service', '=', p('service'))
    .where('env', '=', p('env'))
    .where('holder', '=', p('holder')),
);
const laneHolder = defineStatement((db, p) =>
  db.selectFrom('lanes').select('holder').where('service', '=', p('service')).where('env', '=', p('env')),
);
const needingReview = defineStatement((db) =>
  db
    .selectFrom('deploys')
    .selectAll()
    .where('needs_review', '=', sql.lit(1))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc'),
);
/** Both answers from one snapshot. NULLS LAST is SQLite's order for a descending sort; PostgreSQL's default is first. */
const current = defineStatement((db, p) =>
  db.selectNoFrom((eb) => [
    eb
      .selectFrom('deploys')
      .select('version')
      .where('service', '=', p('service'))
      .where('env', '=', p('env'))
      .where('state', 'in', LIVE_STATES)
      .orderBy('finished_at', (o) => o.desc().nullsLast())
      .orderBy('id', 'desc')
      .limit(sql.lit(1))
      .as('version'),
    eb
      .selectFrom('deploys')
      .select('target_color')
      .where('service', '=', p('service'))
      .where('env', '=', p('env'))
      .where('state', 'in', LIVE_STATES)
      .where('target_color', 'is not', null)
      .orderBy('finished_at', (o) => o.desc().nullsLast())
      .orderBy('id', 'desc')
      .limit(sql.lit(1))
      .as('color'),
  ]),
);
const block = defineStatement((db, p) =>
  db
    .insertInto('blocked_versions')
    .values({
      service: p('service'),
      env: p('env'),
      version: p('version'),
      blocked_by: p('blockedBy'),
      reason: p('reason'),
      deploy_id: p('deployId'),
      blocked_at: p('at'),
    })
    .onConflict((oc) => oc.columns(['service', 'env', 'version']).doNothing()),
);
const unblock = defineStatement((db, p) =>
  db
    .deleteFrom('blocked_versions')
    .where('service', '=', p('service'))
    .where('env', '=', p('env'))
    .where('version', '=', p('version')),
);
const blocked = defineStatement((db, p) =>
  db
    .selectFrom('blocked_versions')
    .selectAll()
    .where('service', '=', p('service'))
    .where('env', '=', p('env'))
    .where('version', '=', p('version')),
);
const lastSurvived = defineStatement((db, p) =>
  db
    .selectFrom('deploys')
    .select('version')
    .where('service', '=', p('service'))
    .where('env', '=', p('env'))
    .where('survived', '=', sql.lit(1))
    .where('version', '!=', p('except'))
    .orderBy('finished_at', (o) => o.desc().nullsLast())
    .orderBy('id', 'desc')
    .limit(sql.lit(1)),
);
const hasHistory = defineStatement((db, p) =>
  db
    .selectFrom('deploys')
    .select(sql.lit(1).as('one'))
    .where('service', '=', p('service'))
    .where('env', '=', p('env'))
    .limit(sql.lit(1)),
);
const everDeployed = defineStatement((db, p) =>
  db
    .selectFrom('deploys')
    .select(sql.lit(1).as('one'))
    .where('service', '=', p('service'))
    .where('env', '=', p('env'))
    .where('version', '=', p('version'))
    .where('state', 'in', [sql.lit<DeployState>('succeeded'), sql.lit<DeployState>('rolled_back')])
    .limit(sql.lit(1)),
);
/** Ticks in one millisecond come in item order, the order SQLite's primary-key lookup gave them before. */
const checklistTicks = defineStatement((db, p) =>
  db
    .selectFrom('deploy_checklist_ticks')
    .select(['item_id', 'user_id', 'at'])
    .where('deploy_id', '=', p('id'))
    .orderBy('at')
    .orderBy('item_id'),
);
const tickChecklist = defineStatement((db, p) =>
  db
    .insertInto('deploy_checklist_ticks')
    .values({ deploy_id: p('id'), item_id: p('itemId'), user_id: p('userId'), at: p('at') })
    .onConflict((oc) => oc.columns(['deploy_id', 'item_id']).doNothing()),
);
const untickChecklist = defineStatement((db, p) =>
  db.deleteFrom('deploy_checklist_ticks').where('deploy_id', '=', p('id')).where('item_id', '=', p('itemId')),
);

/** `queued` by which filters it has (`service`, `env`, both or neither). */
const queuedShape = statementShapes((shape: string) =>
  defineStatement((db, p) => {
    let query = db.selectFrom('deploys').selectAll().where('state', '=', sql.lit<DeployState>('queued'));
    if (shape.includes('service')) query = query.where('service', '=', p('service'));
    if (shape.includes('env')) query = query.where('env', '=', p('env'));
    return query.orderBy('created_at').orderBy('id');
  }),
);
const queuedStatement = (byService: boolean, byEnv: boolean) =>
  queuedShape(`${byService ? 'service' : ''}:${byEnv ? 'env' : ''}`);

/** `inStates` by how many states it asks for. */
const inStatesStatement = statementShapes((count: number) =>
  defineStatement((db, p) =>
    db
      .selectFrom('deploys')
      .selectAll()
      .where(
        'state',
        'in',
        Array.from({ length: count }, (_, i) => p(`state${i}`)),
      )
      .orderBy('created_at')
      .orderBy('id'),
  ),
);

/** `recent` of every service, and of one. */
const recentStatement = statementShapes((byService: boolean) =>
  defineStatement((db, p) => {
    let query = db.selectFrom('deploys').selectAll();
    if (byService) query = query.where('service', '=', p('service'));
    return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(p('limit'));
  }),
);

/**
 * Deploys, their approvals and checklist ticks, the per-service lanes and blocked versions on either store.
 * Callers group writes in transactions. Free text (outcomes, validation and step output, block reasons) is stored
 * with the store's secret values redacted. Taking a lane and adding an approval each decide in one statement, so
 * they stay right with concurrent callers outside a transaction too; `update` reads then writes and relies on the
 * caller's transaction, which runs alone on either store (SQLite's write lock, PostgreSQL's write advisory lock).
 */
export class DeployRepository implements DeployStore {
  constructor(private readonly runner: SqlRunner) {}

  /** The next `DEP-YYYY-NNNN` id, numbered per year. */
  async nextId(year: number): Promise<string> {
    return formatDeployId(year, await nextSequence(this.runner, `deploy:${year}`));
  }

  async insert(record: DeployRecord): Promise<void> {
    await this.runner.run(insert, { ...toRow(record, this.runner.secrets) });
  }

  async get(id: string): Promise<DeployRecord | undefined> {
    const row = await this.runner.get<Row>(byId, { id });
    return row ? fromRow(row) : undefined;
  }

  /** Applies `patch` and bumps `updated_at`. */
  async update(id: string, patch: DeployPatch, at: Date): Promise<DeployRecord> {
    const current = await this.get(id);
    if (!current) throw new Error(`unknown deploy ${id}`);
    const next: DeployRecord = { ...current, ...patch, updatedAt: at };
    await this.runner.run(update, { ...toRow(next, this.runner.secrets) });
    return next;
  }

  /** The deploy's approvals in the order they were given (by time, then as recorded). */
  async approvals(id: string): Promise<ApprovalRow[]> {
    const rows = await this.runner.all<{ user_id: string; role: string; in_place_of: string; at: number }>(
      approvals,
      { id },
    );
    return rows.map((r) => {
      const inPlaceOf = JSON.parse(r.in_place_of) as string[];
      return {
        userId: r.user_id,
        role: r.role,
        at: new Date(Number(r.at)),
        ...(inPlaceOf.length ? { inPlaceOf } : {}),
      };
    });
  }

  /** Records an approval; false when this person already approved this deploy (double clicks count once). */
  async addApproval(id: string, approval: ApprovalRow): Promise<boolean> {
    const changed = await this.runner.run(addApproval, {
      id,
      userId: approval.userId,
      role: approval.role,
      inPlaceOf: JSON.stringify(approval.inPlaceOf ?? []),
      at: approval.at.getTime(),
    });
    return changed === 1;
  }

  /** Takes the lane for `deployId` if it is free; true when this deploy now holds it. */
  async acquireLane(service: string, env: string, deployId: string, at: Date): Promise<boolean> {
    return (
      (await this.runner.run(acquireLane, { service, env, holder: deployId, since: at.getTime() })) === 1
    );
  }

  /** Frees the lane if `deployId` holds it. */
  async releaseLane(service: string, env: string, deployId: string): Promise<boolean> {
    return (await this.runner.run(releaseLane, { service, env, holder: deployId })) === 1;
  }

  async laneHolder(service: string, env: string): Promise<string | undefined> {
    return (await this.runner.get<{ holder: string }>(laneHolder, { service, env }))?.holder;
  }

  /** Deploys waiting for a lane, oldest first (FIFO). */
  async queued(service?: string, env?: string): Promise<DeployRecord[]> {
    const statement = queuedStatement(service !== undefined, env !== undefined);
    return (await this.runner.all<Row>(statement, { service, env })).map(fromRow);
  }

  /** Deploys in any of `states`, oldest first. */
  async inStates(states: readonly DeployState[]): Promise<DeployRecord[]> {
    if (states.length === 0) return [];
    const args = Object.fromEntries(states.map((state, i) => [`state${i}`, state]));
    return (await this.runner.all<Row>(inStatesStatement(states.length), args)).map(fromRow);
  }

  /** The most recent deploys, newest first, optionally of one service. */
  async recent(limit: number, service?: string): Promise<DeployRecord[]> {
    const statement = recentStatement(service !== undefined);
    return (await this.runner.all<Row>(statement, { service, limit })).map(fromRow);
  }

  /** Emergency deploys (window overridden) awaiting post-hoc review, newest first. */
  async needingReview(): Promise<DeployRecord[]> {
    return (await this.runner.all<Row>(needingReview)).map(fromRow);
  }

  /**
   * What runs in `env` now, from history: the last finished release's version (succeeded, or live and watched; a
   * rollback run that succeeded restored its version), and the colour last switched to.
   */
  async current(service: string, env: string): Promise<LiveState | undefined> {
    const row = await this.runner.get<{ version: string | null; color: LiveState['color'] | null }>(current, {
      service,
      env,
    });
    return !row || row.version === null ? undefined : { version: row.version, color: row.color ?? undefined };
  }

  /** Blocks `version` of a service in an environment (after a rollback), naming who and why. */
  async block(entry: BlockedVersion): Promise<void> {
    await this.runner.run(block, {
      service: entry.service,
      env: entry.env,
      version: entry.version,
      blockedBy: entry.blockedBy,
      reason: this.runner.secrets.redact(entry.reason),
      deployId: entry.deployId,
      at: entry.at.getTime(),
    });
  }

  /** Unblocks a version; false when it was not blocked. */
  async unblock(service: string, env: string, version: string): Promise<boolean> {
    return (await this.runner.run(unblock, { service, env, version })) > 0;
  }

  /** Why a version is blocked, or undefined. */
  async blocked(service: string, env: string, version: string): Promise<BlockedVersion | undefined> {
    const row = await this.runner.get<{
      blocked_by: string;
      reason: string;
      deploy_id: string;
      blocked_at: number;
    }>(blocked, { service, env, version });
    return row
      ? {
          service,
          env,
          version,
          blockedBy: row.blocked_by,
          reason: row.reason,
          deployId: row.deploy_id,
          at: new Date(Number(row.blocked_at)),
        }
      : undefined;
  }

  /** The newest version that survived its watch in `env` and is not `except`, or undefined. */
  async lastSurvived(service: string, env: string, except: string | undefined): Promise<string | undefined> {
    return (await this.runner.get<{ version: string }>(lastSurvived, { service, env, except: except ?? '' }))
      ?.version;
  }

  /** Whether any deploy of the service was ever requested (or recorded) in `env`, in whatever state. */
  async hasHistory(service: string, env: string): Promise<boolean> {
    return (await this.runner.get(hasHistory, { service, env })) !== undefined;
  }

  /** Whether `version` was ever deployed (and finished) in `env`. */
  async everDeployed(service: string, env: string, version: string): Promise<boolean> {
    return (await this.runner.get(everDeployed, { service, env, version })) !== undefined;
  }

  /** People's ticks on the deploy's checklist, oldest first. */
  async checklistTicks(id: string): Promise<ChecklistTick[]> {
    const rows = await this.runner.all<{ item_id: string; user_id: string; at: number }>(checklistTicks, {
      id,
    });
    return rows.map((r) => ({ itemId: r.item_id, userId: r.user_id, at: new Date(Number(r.at)) }));
  }

  /** Ticks an item; false when it was already ticked. */
  async tickChecklist(id: string, tick: ChecklistTick): Promise<boolean> {
    return (
      (await this.runner.run(tickChecklist, {
        id,
        itemId: tick.itemId,
        userId: tick.userId,
        at: tick.at.getTime(),
      })) > 0
    );
  }

  /** Unticks an item; false when it was not ticked. */
  async untickChecklist(id: string, itemId: string): Promise<boolean> {
    return (await this.runner.run(untickChecklist, { id, itemId })) > 0;
  }
}
