import type { StoredEvent } from '../../core/event-record.js';
import type { AuditLog, AuditQuery } from '../ports/audit-log.js';

/** A page of the audit trail: the events, and whether more matched than the limit let through. */
export interface AuditPage {
  readonly events: readonly StoredEvent[];
  readonly more: boolean;
}

/** The events `query` matches, oldest first, at most `query.limit` of them (for the CLI and Slack). */
export async function auditTrail(log: AuditLog, query: AuditQuery): Promise<AuditPage> {
  const events = await log.events({ ...query, limit: query.limit + 1 });
  return { events: events.slice(0, query.limit), more: events.length > query.limit };
}
