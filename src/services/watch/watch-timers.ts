/** Durable timer kinds of the post-deploy watch and of rollbacks. */
export const WATCH_TIMERS = {
  /** One sample of a watch; subject `watch:<deploy id>`, so a slow query never holds up the deploy's messages. */
  sample: 'deploy.watch_sample',
  /** Pages the on-call for a watch alert or an inconclusive watch (retried until PagerDuty takes it). */
  page: 'deploy.watch_page',
  /** Fires when a rollback has not finished within `rollback.timeout`. */
  rollbackTimeout: 'rollback.timeout',
  /** Sends the rollback email (retried until the SMTP server takes it). */
  rollbackEmail: 'rollback.email',
} as const;

/** Runs once a rollback run ended (either way): notifications, the incident, the duration. Subject: its id. */
export const ROLLBACK_FINISHED = 'rollback.finished';

/** The subject of a deploy's watch timers. */
export const watchSubject = (deployId: string): string => `watch:${deployId}`;
