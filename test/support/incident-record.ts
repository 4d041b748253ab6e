import type { IncidentRecord } from '../../src/core/incidents/incident-record.js';

/** The instant the stored incidents of the store tests were declared at. */
export const INCIDENT_DECLARED_AT = new Date('2026-11-24T10:00:00Z');

/** A stored SEV-1 incident of checkout as declared, nothing else happened yet; `over` changes any field. */
export function incidentRecord(id: string, over: Partial<IncidentRecord> = {}): IncidentRecord {
  const at = INCIDENT_DECLARED_AT;
  return {
    id,
    title: 'Checkout down',
    severity: 'SEV-1',
    status: 'declared',
    private: false,
    security: false,
    service: 'checkout',
    declaredBy: 'U0ALICE',
    declaredIn: 'C0DEPLOYS',
    commander: 'U0ALICE',
    roles: {},
    channelId: undefined,
    channelName: undefined,
    pagerduty: { state: 'not_paged' },
    resolution: undefined,
    declaredAt: at,
    acknowledgedAt: undefined,
    resolvedAt: undefined,
    reviewedAt: undefined,
    lastUpdateAt: undefined,
    customerNotice: undefined,
    customerNoticeState: 'none',
    updatedAt: at,
    ...over,
  };
}
