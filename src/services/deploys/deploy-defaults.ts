/** The environment a deploy goes to when `--env` is not given. */
export const DEFAULT_ENV = 'production';

/** The role whose members come from PagerDuty's current on-call rather than from the config. */
export const ON_CALL_ROLE = 'on-call-engineer';

/** Timer kinds of the deploy workflow. */
export const DEPLOY_TIMERS = {
  remind: 'deploy.remind',
  escalate: 'deploy.escalate',
  expire: 'deploy.expire',
} as const;
