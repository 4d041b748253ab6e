/** Incidents' current state (everything else is in their events). */
export interface IncidentTables {
  incidents: {
    id: string;
    title: string;
    severity: string;
    status: string;
    /** 0/1 */
    private: number;
    /** 0/1 */
    security: number;
    service: string | null;
    declared_by: string;
    declared_in: string;
    commander: string;
    /** JSON object: role → user id. */
    roles: string;
    channel_id: string | null;
    channel_name: string | null;
    /** JSON: the PagerDuty state. */
    pagerduty: string;
    resolution: string | null;
    declared_at: number;
    acknowledged_at: number | null;
    resolved_at: number | null;
    reviewed_at: number | null;
    last_update_at: number | null;
    customer_notice: string | null;
    customer_notice_state: string;
    updated_at: number;
  };
}
