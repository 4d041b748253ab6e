import { formatIncidentId } from '../core/incidents/incident-id.js';
import type {
  IncidentPatch,
  IncidentRecord,
  IncidentStatus,
  PagerDutyState,
} from '../core/incidents/incident-record.js';
import type { SecretValues } from '../core/text/secret-values.js';
import type { IncidentStore } from '../services/ports/incident-store.js';
import { sql } from './sql/kysely.js';
import { nextSequence } from './sql/next-sequence.js';
import type { ShipgateTables } from './sql/shipgate-tables.js';
import type { SqlRunner } from './sql/sql-runner.js';
import { defineStatement, statementShapes } from './sql/statement.js';

type Row = ShipgateTables['incidents'];
type Column = Exclude<keyof Row, 'id'>;
type Field = Exclude<keyof IncidentRecord, 'id'>;

const date = (v: number | null) => (v === null ? undefined : new Date(v));
const time = (d: Date | undefined) => d?.getTime() ?? null;
const flag = (b: boolean) => (b ? 1 : 0);

/**
 * Where each field of a record is stored and how its value is written: free text redacted, JSON redacted deep,
 * flags as 0/1, times as epoch ms, absent values as NULL.
 */
const COLUMNS: { readonly [F in Field]: readonly [Column, (r: IncidentRecord, s: SecretValues) => unknown] } =
  {
    title: ['title', (r, s) => s.redact(r.title)],
    severity: ['severity', (r) => r.severity],
    status: ['status', (r) => r.status],
    private: ['private', (r) => flag(r.private)],
    security: ['security', (r) => flag(r.security)],
    service: ['service', (r) => r.service ?? null],
    declaredBy: ['declared_by', (r) => r.declaredBy],
    declaredIn: ['declared_in', (r) => r.declaredIn],
    commander: ['commander', (r) => r.commander],
    roles: ['roles', (r, s) => s.json(r.roles)],
    channelId: ['channel_id', (r) => r.channelId ?? null],
    channelName: ['channel_name', (r) => r.channelName ?? null],
    pagerduty: ['pagerduty', (r, s) => s.json(r.pagerduty)],
    resolution: ['resolution', (r, s) => (r.resolution === undefined ? null : s.redact(r.resolution))],
    declaredAt: ['declared_at', (r) => r.declaredAt.getTime()],
    acknowledgedAt: ['acknowledged_at', (r) => time(r.acknowledgedAt)],
    resolvedAt: ['resolved_at', (r) => time(r.resolvedAt)],
    reviewedAt: ['reviewed_at', (r) => time(r.reviewedAt)],
    lastUpdateAt: ['last_update_at', (r) => time(r.lastUpdateAt)],
    customerNotice: [
      'customer_notice',
      (r, s) => (r.customerNotice === undefined ? null : s.redact(r.customerNotice)),
    ],
    customerNoticeState: ['customer_notice_state', (r) => r.customerNoticeState],
    updatedAt: ['updated_at', (r) => r.updatedAt.getTime()],
  };

const FIELDS = Object.keys(COLUMNS) as Field[];

function fromRow(r: Row): IncidentRecord {
  return {
    id: r.id,
    title: r.title,
    severity: r.severity,
    status: r.status as IncidentStatus,
    private: Number(r.private) === 1,
    security: Number(r.security) === 1,
    service: r.service ?? undefined,
    declaredBy: r.declared_by,
    declaredIn: r.declared_in,
    commander: r.commander,
    roles: JSON.parse(r.roles) as Record<string, string>,
    channelId: r.channel_id ?? undefined,
    channelName: r.channel_name ?? undefined,
    pagerduty: JSON.parse(r.pagerduty) as PagerDutyState,
    resolution: r.resolution ?? undefined,
    declaredAt: new Date(Number(r.declared_at)),
    acknowledgedAt: date(r.acknowledged_at),
    resolvedAt: date(r.resolved_at),
    reviewedAt: date(r.reviewed_at),
    lastUpdateAt: date(r.last_update_at),
    customerNotice: r.customer_notice ?? undefined,
    customerNoticeState: r.customer_notice_state as IncidentRecord['customerNoticeState'],
    updatedAt: new Date(Number(r.updated_at)),
  };
}

const insert = defineStatement((db, p) =>
  db
    .insertInto('incidents')
    .values({ id: p('id'), ...Object.fromEntries(FIELDS.map((f) => [COLUMNS[f][0], p(f)])) } as never),
);
const byId = defineStatement((db, p) => db.selectFrom('incidents').selectAll().where('id', '=', p('id')));
const byChannel = defineStatement((db, p) =>
  db.selectFrom('incidents').selectAll().where('channel_id', '=', p('channelId')),
);
/** Newest first; incidents declared in the same millisecond in the order they were numbered. */
const listOpen = defineStatement((db) =>
  db
    .selectFrom('incidents')
    .selectAll()
    .where('status', 'in', [sql<string>`'declared'`, sql<string>`'acknowledged'`])
    .orderBy('declared_at', 'desc')
    .orderBy('id'),
);
const listAll = defineStatement((db) =>
  db.selectFrom('incidents').selectAll().orderBy('declared_at', 'desc').orderBy('id'),
);

/** One UPDATE per set of patched fields (always with `updated_at`), built on first use. */
const updateShape = statementShapes((key: string) => {
  const fields = (key === '' ? [] : key.split(',')) as Field[];
  return defineStatement((db, p) =>
    db
      .updateTable('incidents')
      .set(Object.fromEntries(fields.map((f) => [COLUMNS[f][0], p(f)])) as never)
      .where('id', '=', p('id'))
      .returningAll(),
  );
});
const updateOf = (fields: readonly Field[]) => updateShape(fields.join(','));

/**
 * Incidents on either store: the current state commands need at once (severity, commander, channel, PagerDuty).
 * Everything else — timeline, action items, breaches, report — is read from the incident's events. Free text
 * (title, resolution, customer notice, PagerDuty's detail) is stored with the store's secret values redacted.
 */
export class IncidentRepository implements IncidentStore {
  constructor(private readonly runner: SqlRunner) {}

  /** The next `INC-YYYY-NNNN` id, numbered per year. */
  async nextId(year: number): Promise<string> {
    return formatIncidentId(year, await nextSequence(this.runner, `incident:${year}`));
  }

  async insert(r: IncidentRecord): Promise<void> {
    await this.runner.run(insert, { id: r.id, ...this.values(r, FIELDS) });
  }

  async get(id: string): Promise<IncidentRecord | undefined> {
    const row = await this.runner.get<Row>(byId, { id });
    return row ? fromRow(row) : undefined;
  }

  /** The incident whose channel this is. */
  async byChannel(channelId: string): Promise<IncidentRecord | undefined> {
    const row = await this.runner.get<Row>(byChannel, { channelId });
    return row ? fromRow(row) : undefined;
  }

  /**
   * Applies `patch` and bumps `updated_at`, in one statement that writes only the patched columns, so two
   * concurrent patches of different fields both stay. The record returned carries the patch as given.
   */
  async update(id: string, patch: IncidentPatch, at: Date): Promise<IncidentRecord> {
    const fields = FIELDS.filter((f) => f !== 'updatedAt' && Object.hasOwn(patch, f));
    fields.push('updatedAt');
    const patched = { ...patch, updatedAt: at } as IncidentRecord;
    const row = await this.runner.get<Row>(updateOf(fields), { id, ...this.values(patched, fields) });
    if (!row) throw new Error(`unknown incident ${id}`);
    return { ...fromRow(row), ...patch, updatedAt: at };
  }

  /** Incidents not yet resolved, newest first; with `all`, every incident. */
  async list(all = false): Promise<IncidentRecord[]> {
    return (await this.runner.all<Row>(all ? listAll : listOpen)).map(fromRow);
  }

  private values(r: IncidentRecord, fields: readonly Field[]): Record<string, unknown> {
    return Object.fromEntries(fields.map((f) => [f, COLUMNS[f][1](r, this.runner.secrets)]));
  }
}
