/** Timer kinds of the incident workflow. */
export const INCIDENT_TIMERS = {
  setup: 'incident.setup',
  page: 'incident.page',
  clock: 'incident.clock',
  archive: 'incident.archive',
  reportUpload: 'incident.report_upload',
  /**
   * A SEV-1 declared with `--security`: fires `security_incident` on the service's watched releases (the rollback
   * service handles it). Subject `security:<incident id>`, so it never waits behind the channel's setup in Slack.
   */
  securityTrigger: 'incident.security_trigger',
  /** The security trigger's outcome, posted in the incident channel once it exists. Subject: the incident id. */
  securityNote: 'incident.security_note',
} as const;
