/** An alert as the paging system receives it (PagerDuty Events API v2 terms). */
export interface PageAlert {
  /** Identifies the alert, so it can later be acknowledged or resolved: the incident id. */
  readonly dedupKey: string;
  readonly summary: string;
  readonly source: string;
  readonly severity: 'critical' | 'error' | 'warning' | 'info';
  readonly component?: string;
  readonly customDetails?: Readonly<Record<string, unknown>>;
}

/**
 * Pages the on-call. Failures throw (a durable timer retries them); an error may carry `retryAfterMs` when the
 * paging system said how long to wait.
 */
export interface IncidentPager {
  trigger(alert: PageAlert): Promise<unknown>;
  acknowledge(dedupKey: string): Promise<unknown>;
  resolve(dedupKey: string): Promise<unknown>;
}
