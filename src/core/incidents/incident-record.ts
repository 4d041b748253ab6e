import type { IncidentState } from './incident-state-machine.js';

/** How far an incident got: open and unacknowledged, acknowledged, resolved, review done. */
export type IncidentStatus = IncidentState;

/** What Shipgate knows about the incident's PagerDuty page. */
export interface PagerDutyState {
  readonly state: 'not_paged' | 'paging' | 'triggered' | 'acknowledged' | 'resolved' | 'failed';
  readonly detail?: string;
  readonly assignee?: string;
}

/** One incident as stored. */
export interface IncidentRecord {
  readonly id: string;
  readonly title: string;
  readonly severity: string;
  readonly status: IncidentStatus;
  readonly private: boolean;
  /** Declared with `--security` (a SEV-1 security incident), or opened after a security rollback. */
  readonly security: boolean;
  readonly service: string | undefined;
  readonly declaredBy: string;
  /** The channel the incident was declared from (where setup problems are reported). */
  readonly declaredIn: string;
  readonly commander: string;
  readonly roles: Readonly<Record<string, string>>;
  readonly channelId: string | undefined;
  readonly channelName: string | undefined;
  readonly pagerduty: PagerDutyState;
  readonly resolution: string | undefined;
  readonly declaredAt: Date;
  readonly acknowledgedAt: Date | undefined;
  readonly resolvedAt: Date | undefined;
  readonly reviewedAt: Date | undefined;
  readonly lastUpdateAt: Date | undefined;
  /** The customer notification being drafted (chapter 6.4), and whether it was approved and posted. */
  readonly customerNotice: string | undefined;
  readonly customerNoticeState: 'none' | 'draft' | 'posted';
  readonly updatedAt: Date;
}

/** The fields a change may set; `status` only through the incident state machine. */
export type IncidentPatch = Partial<Omit<IncidentRecord, 'id'>>;
