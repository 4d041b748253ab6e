import type {
  ReleasePatch,
  ReleaseRecord,
  ReleaseState,
  ReleaseStore,
} from '../services/ports/release-store.js';
import type { SqlRunner } from './sql/sql-runner.js';
import { defineStatement } from './sql/statement.js';
import type { ReleaseTables } from './sql/tables/releases-tables.js';

/** A row as both stores return it. */
type Row = ReleaseTables['releases'];

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

const byKey = defineStatement((db, p) =>
  db
    .selectFrom('releases')
    .selectAll()
    .where('service', '=', p('service'))
    .where('version', '=', p('version')),
);
const insertPending = defineStatement((db, p) =>
  db
    .insertInto('releases')
    .values({
      service: p('service'),
      version: p('version'),
      env: p('env'),
      deploy_id: p('deployId'),
      commit_sha: p('commit'),
      tag: p('tag'),
      state: p('state'),
      detail: p('detail'),
      created_at: p('createdAt'),
      updated_at: p('updatedAt'),
    })
    .onConflict((oc) => oc.columns(['service', 'version']).doNothing()),
);
const update = defineStatement((db, p) =>
  db
    .updateTable('releases')
    .set({
      env: p('env'),
      deploy_id: p('deployId'),
      commit_sha: p('commit'),
      state: p('state'),
      detail: p('detail'),
      updated_at: p('updatedAt'),
    })
    .where('service', '=', p('service'))
    .where('version', '=', p('version')),
);
const list = defineStatement((db, p) =>
  db
    .selectFrom('releases')
    .selectAll()
    .where('service', '=', p('service'))
    .orderBy('created_at', 'desc')
    .orderBy('version', 'desc')
    .limit(p('limit')),
);

/**
 * The `releases` table on either store: one row per service and version, written before a tag is created so a
 * crash between the two is found and finished by the next attempt. Details (git's error text) are stored with the
 * store's secret values redacted.
 */
export class ReleaseRepository implements ReleaseStore {
  constructor(private readonly runner: SqlRunner) {}

  async get(service: string, version: string): Promise<ReleaseRecord | undefined> {
    const row = await this.runner.get<Row>(byKey, { service, version });
    return row ? fromRow(row) : undefined;
  }

  async insertPending(r: ReleaseRecord): Promise<ReleaseRecord> {
    await this.runner.run(insertPending, {
      service: r.service,
      version: r.version,
      env: r.env,
      deployId: r.deployId,
      commit: r.commit ?? null,
      tag: r.tag,
      state: r.state,
      detail: this.redacted(r.detail),
      createdAt: r.createdAt.getTime(),
      updatedAt: r.updatedAt.getTime(),
    });
    const stored = await this.get(r.service, r.version);
    if (!stored) throw new Error(`release ${r.service} ${r.version} was not stored`);
    return stored;
  }

  async update(service: string, version: string, patch: ReleasePatch, at: Date): Promise<ReleaseRecord> {
    const current = await this.get(service, version);
    if (!current) throw new Error(`unknown release ${service} ${version}`);
    const next = { ...current, ...patch, updatedAt: at };
    const detail = this.redacted(next.detail);
    await this.runner.run(update, {
      service,
      version,
      env: next.env,
      deployId: next.deployId,
      commit: next.commit ?? null,
      state: next.state,
      detail,
      updatedAt: at.getTime(),
    });
    return { ...next, detail: detail ?? undefined };
  }

  async list(service: string, limit: number): Promise<ReleaseRecord[]> {
    return (await this.runner.all<Row>(list, { service, limit })).map(fromRow);
  }

  private redacted(detail: string | undefined): string | null {
    return detail === undefined ? null : this.runner.secrets.redact(detail);
  }
}
