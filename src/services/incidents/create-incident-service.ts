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
import { IncidentRepository } from '../../store/incident-repository.js';
import type { OnCallResolver } from '../on-call-resolver.js';
import { IncidentService } from './incident-service.js';

/** The parts of a running Shipgate the incident workflow is built from. */
export interface IncidentServiceParts {
  readonly config: LoadedConfig;
  readonly db: Db;
  readonly events: EventLog;
  readonly timers: TimerService;
  readonly sync: MessageSync;
  readonly outbox: SlackOutbox;
  readonly slack: WebClient;
  readonly users: UserDirectory;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Who is on call (PagerDuty, else the config); one resolver shared by deploys and incidents. */
  readonly onCall: OnCallResolver;
  readonly pager: PagerDutyEvents | undefined;
}

/** Wires the incident workflow. */
export function createIncidentService(parts: IncidentServiceParts): IncidentService {
  return new IncidentService({ ...parts, incidents: new IncidentRepository(parts.db) });
}
