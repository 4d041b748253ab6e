import { formatIncidentId } from '../core/incidents/incident-id.js';
import type {
  IncidentPatch,
  IncidentRecord,
  IncidentStatus,
  PagerDutyState,
} from '../core/incidents/incident-record.js';
import { SecretValues } from '../core/text/secret-values.js';
import { type Db, storedSecrets } from './database.js';
import { nextSequence } from './sequence.js';
import { Statements } from './statements.js';

type Row = Record<string, string | number | null>;

const date = (v: unknown) => (typeof v === 'number' ? new Date(v) : undefined);
const time = (d: Date | undefined) => d?.getTime() ?? null;

/**
 * SQLite access to incidents: the current state commands need at once (severity, commander, channel, PagerDuty).
 * Everything else — timeline, action items, breaches, report — is read from the incident's events. Free text
 * (title, resolution, customer notice, PagerDuty's detail) is stored with the database's secret values redacted.
 */
export class IncidentRepository {
  private readonly sql: Statements;
  private readonly secrets: SecretValues;

  constructor(private readonly db: Db) {
    this.sql = new Statements(db);
    this.secrets = storedSecrets(db);
  }

  /** The next `INC-YYYY-NNNN` id, numbered per year. */
  nextId(year: number): string {
    return formatIncidentId(year, nextSequence(this.db, `incident:${year}`));
  }

  insert(r: IncidentRecord): void {
    this.sql
      .get(
        `INSERT INTO incidents (id, title, severity, status, private, security, service, declared_by, declared_in, commander, roles,
          channel_id, channel_name, pagerduty, resolution, declared_at, acknowledged_at, resolved_at, reviewed_at,
          last_update_at, customer_notice, customer_notice_state, updated_at)
         VALUES (@id, @title, @severity, @status, @private, @security, @service, @declared_by, @declared_in, @commander, @roles,
          @channel_id, @channel_name, @pagerduty, @resolution, @declared_at, @acknowledged_at, @resolved_at, @reviewed_at,
          @last_update_at, @customer_notice, @customer_notice_state, @updated_at)`,
      )
      .run(toRow(r, this.secrets));
  }

  get(id: string): IncidentRecord | undefined {
    const row = this.sql.get('SELECT * FROM incidents WHERE id = ?').get(id) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  /** The incident whose channel this is. */
  byChannel(channelId: string): IncidentRecord | undefined {
    const row = this.sql.get('SELECT * FROM incidents WHERE channel_id = ?').get(channelId) as
      | Row
      | undefined;
    return row ? fromRow(row) : undefined;
  }

  /** Applies `patch` and bumps `updated_at`. */
  update(id: string, patch: IncidentPatch, at: Date): IncidentRecord {
    const current = this.get(id);
    if (!current) throw new Error(`unknown incident ${id}`);
    const next: IncidentRecord = { ...current, ...patch, updatedAt: at };
    const row = toRow(next, this.secrets);
    const columns = Object.keys(row).filter((c) => c !== 'id');
    this.sql
      .get(`UPDATE incidents SET ${columns.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`)
      .run(row);
    return next;
  }

  /** Incidents not yet resolved, newest first; with `all`, every incident. */
  list(all = false): IncidentRecord[] {
    const rows = this.sql
      .get(
        `SELECT * FROM incidents ${all ? '' : "WHERE status IN ('declared', 'acknowledged')"} ORDER BY declared_at DESC`,
      )
      .all() as Row[];
    return rows.map(fromRow);
  }
}

function toRow(r: IncidentRecord, secrets: SecretValues = SecretValues.none): Row {
  const text = (value: string | undefined) => (value === undefined ? null : secrets.redact(value));
  return {
    id: r.id,
    title: secrets.redact(r.title),
    severity: r.severity,
    status: r.status,
    private: r.private ? 1 : 0,
    security: r.security ? 1 : 0,
    service: r.service ?? null,
    declared_by: r.declaredBy,
    declared_in: r.declaredIn,
    commander: r.commander,
    roles: secrets.json(r.roles),
    channel_id: r.channelId ?? null,
    channel_name: r.channelName ?? null,
    pagerduty: secrets.json(r.pagerduty),
    resolution: text(r.resolution),
    declared_at: r.declaredAt.getTime(),
    acknowledged_at: time(r.acknowledgedAt),
    resolved_at: time(r.resolvedAt),
    reviewed_at: time(r.reviewedAt),
    last_update_at: time(r.lastUpdateAt),
    customer_notice: text(r.customerNotice),
    customer_notice_state: r.customerNoticeState,
    updated_at: r.updatedAt.getTime(),
  };
}

function fromRow(r: Row): IncidentRecord {
  return {
    id: String(r.id),
    title: String(r.title),
    severity: String(r.severity),
    status: r.status as IncidentStatus,
    private: r.private === 1,
    security: r.security === 1,
    service: r.service === null ? undefined : String(r.service),
    declaredBy: String(r.declared_by),
    declaredIn: String(r.declared_in),
    commander: String(r.commander),
    roles: JSON.parse(String(r.roles)) as Record<string, string>,
    channelId: r.channel_id === null ? undefined : String(r.channel_id),
    channelName: r.channel_name === null ? undefined : String(r.channel_name),
    pagerduty: JSON.parse(String(r.pagerduty)) as PagerDutyState,
    resolution: r.resolution === null ? undefined : String(r.resolution),
    declaredAt: new Date(Number(r.declared_at)),
    acknowledgedAt: date(r.acknowledged_at),
    resolvedAt: date(r.resolved_at),
    reviewedAt: date(r.reviewed_at),
    lastUpdateAt: date(r.last_update_at),
    customerNotice: r.customer_notice === null ? undefined : String(r.customer_notice),
    customerNoticeState: r.customer_notice_state as IncidentRecord['customerNoticeState'],
    updatedAt: new Date(Number(r.updated_at)),
  };
}
