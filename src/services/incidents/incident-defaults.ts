/** Timer kinds of the incident workflow. */
export const INCIDENT_TIMERS = {
  setup: 'incident.setup',
  page: 'incident.page',
  clock: 'incident.clock',
  archive: 'incident.archive',
  reportUpload: 'incident.report_upload',
} as const;
