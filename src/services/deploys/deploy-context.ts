import type { Logger } from 'pino';
import type { Clock } from '../../clock.js';
import type { LoadedConfig } from '../../config/load-config.js';
import type { ChangeCalendar } from '../../core/deploys/change-calendar.js';
import type { DeployTarget, Validator } from '../../core/deploys/deploy-ports.js';
import type { TimerService } from '../../scheduler/timer-service.js';
import type { MessageSync } from '../../slack/message-sync.js';
import type { SlackOutbox } from '../../slack/slack-outbox.js';
import type { UserDirectory } from '../../slack/user-directory.js';
import type { Db } from '../../store/database.js';
import type { DeployRepository } from '../../store/deploy-repository.js';
import type { EventLog } from '../../store/event-log.js';
import type { OnCallResolver } from '../on-call-resolver.js';

/** Everything the deploy workflow needs; built once in the composition root. */
export interface DeployContext {
  readonly config: LoadedConfig;
  readonly db: Db;
  readonly deploys: DeployRepository;
  readonly events: EventLog;
  readonly timers: TimerService;
  readonly sync: MessageSync;
  readonly outbox: SlackOutbox;
  readonly clock: Clock;
  readonly users: UserDirectory;
  readonly onCall: OnCallResolver;
  readonly calendar: ChangeCalendar;
  readonly targetFor: (service: string) => DeployTarget | undefined;
  readonly validatorFor: (service: string) => Validator;
  /** Renders the customer notice a MAJOR deploy needs before it runs (from templates/). */
  readonly customerNotice: (values: Record<string, string>) => string;
  readonly logger: Logger;
}

/** Timer kinds of the deploy workflow. */
export const DEPLOY_TIMERS = {
  remind: 'deploy.remind',
  escalate: 'deploy.escalate',
  expire: 'deploy.expire',
} as const;

/** The environment a deploy goes to when `--env` is not given. */
export const DEFAULT_ENV = 'production';
