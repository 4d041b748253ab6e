import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { PagerDutyEvents } from '../../adapters/pagerduty/pagerduty-events.js';
import type { Clock } from '../../clock.js';
import type { LoadedConfig } from '../../config/load-config.js';
import type { TimerService } from '../../scheduler/timer-service.js';
import type { MessageSync } from '../../slack/message-sync.js';
import type { SlackOutbox } from '../../slack/slack-outbox.js';
import type { UserDirectory } from '../../slack/user-directory.js';
import type { Db } from '../../store/database.js';
import type { EventLog } from '../../store/event-log.js';
import type { IncidentRepository } from '../../store/incident-repository.js';
import type { OnCallResolver } from '../on-call-resolver.js';

/** Everything the incident workflow needs; built once in the composition root. */
export interface IncidentContext {
  readonly config: LoadedConfig;
  readonly db: Db;
  readonly incidents: IncidentRepository;
  readonly events: EventLog;
  readonly timers: TimerService;
  readonly sync: MessageSync;
  readonly outbox: SlackOutbox;
  readonly slack: WebClient;
  readonly users: UserDirectory;
  readonly onCall: OnCallResolver;
  /** PagerDuty Events API, when `paging.pagerduty` is configured and its routing key is set. */
  readonly pager: PagerDutyEvents | undefined;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** Timer kinds of the incident workflow. */
export const INCIDENT_TIMERS = {
  setup: 'incident.setup',
  page: 'incident.page',
  clock: 'incident.clock',
  archive: 'incident.archive',
} as const;

/** Message slots of an incident. */
export const INCIDENT_SLOTS = { card: 'incident-card' } as const;
