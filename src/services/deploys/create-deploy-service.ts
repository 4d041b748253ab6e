import { dirname } from 'node:path';
import type { Logger } from 'pino';
import { createDeployTarget } from '../../adapters/deploy/create-deploy-target.js';
import { createHolidayCalendar } from '../../adapters/holidays/holiday-calendar.js';
import { TemplateRenderer } from '../../adapters/templates/template-renderer.js';
import { BindingValidator } from '../../adapters/validation/binding-validator.js';
import type { Clock } from '../../clock.js';
import type { LoadedConfig } from '../../config/load-config.js';
import type { DeployTarget } from '../../core/deploys/deploy-ports.js';
import type { TimerService } from '../../scheduler/timer-service.js';
import type { MessageSync } from '../../slack/message-sync.js';
import type { SlackOutbox } from '../../slack/slack-outbox.js';
import type { UserDirectory } from '../../slack/user-directory.js';
import type { Db } from '../../store/database.js';
import { DeployRepository } from '../../store/deploy-repository.js';
import type { EventLog } from '../../store/event-log.js';
import type { BackgroundWork } from '../background-work.js';
import type { OnCallResolver } from '../on-call-resolver.js';
import { DeployService } from './deploy-service.js';

/** The parts of a running Shipgate the deploy workflow is built from. */
export interface DeployServiceParts {
  readonly config: LoadedConfig;
  readonly db: Db;
  readonly events: EventLog;
  readonly timers: TimerService;
  readonly sync: MessageSync;
  readonly outbox: SlackOutbox;
  readonly users: UserDirectory;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly work: BackgroundWork;
  /** Who is on call (PagerDuty, else the config); one resolver shared by deploys and incidents. */
  readonly onCall: OnCallResolver;
  /** Shipgate's environment: source of `pass_env` values and HTTP target secrets. */
  readonly env: NodeJS.ProcessEnv;
  /** Pause between SIGTERM and SIGKILL for timed-out commands (tests shorten it). */
  readonly killGraceMs?: number;
}

/** Wires the deploy workflow: deploy targets and validators per service, holidays, on-call, templates. */
export function createDeployService(parts: DeployServiceParts): DeployService {
  const { config } = parts.config;
  const baseDir = dirname(parts.config.path);
  const adapterOptions = {
    baseDir,
    env: parts.env,
    clock: parts.clock,
    ...(parts.killGraceMs ? { killGraceMs: parts.killGraceMs } : {}),
  };
  const targets = new Map<string, DeployTarget>();
  for (const [name, service] of Object.entries(config.services)) {
    if (service.deploy) targets.set(name, createDeployTarget(name, service.deploy, adapterOptions));
  }
  const holidays = config.holidays ? createHolidayCalendar(config.holidays) : undefined;
  const templates = new TemplateRenderer();
  return new DeployService(
    {
      config: parts.config,
      db: parts.db,
      deploys: new DeployRepository(parts.db),
      events: parts.events,
      timers: parts.timers,
      sync: parts.sync,
      outbox: parts.outbox,
      clock: parts.clock,
      users: parts.users,
      onCall: parts.onCall,
      calendar: {
        timeZone: config.timezone,
        holidayName: (date) => holidays?.holidayName(date),
        endOfMonthBusinessDays: config.change_calendar.end_of_month_business_days,
        majorEvents: config.change_calendar.major_events,
      },
      targetFor: (service) => targets.get(service),
      validatorFor: (service) =>
        new BindingValidator(service, config.services[service]?.validations ?? {}, adapterOptions),
      customerNotice: (values) => templates.render('deploy-customer-notice.mustache', values),
      logger: parts.logger,
    },
    parts.work,
  );
}
