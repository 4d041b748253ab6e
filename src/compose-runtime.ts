import { dirname, resolve } from 'node:path';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { createDeployTarget } from './adapters/deploy/create-deploy-target.js';
import { GitSourceRepository } from './adapters/git/git-source-repository.js';
import { createHolidayCalendar } from './adapters/holidays/holiday-calendar.js';
import { createMetricsSource } from './adapters/metrics/create-metrics-source.js';
import { HttpHealthProbe } from './adapters/metrics/http-health-probe.js';
import { LocalReadinessProbes } from './adapters/readiness/readiness-probes.js';
import { MustacheTemplates } from './adapters/templates/communication-templates.js';
import { MarkdownReportRenderer } from './adapters/templates/incident-templates.js';
import { MarkdownReleaseNotesRenderer } from './adapters/templates/release-notes-templates.js';
import { BindingValidator } from './adapters/validation/binding-validator.js';
import type { Clock } from './core/clock.js';
import type { LoadedConfig } from './core/config/loaded-config.js';
import type { DeployTarget, OnCallDirectory } from './core/deploys/deploy-ports.js';
import { ownEntry } from './core/own-entry.js';
import { SecretValues } from './core/text/secret-values.js';
import type { TimerService } from './scheduler/timer-service.js';
import { BackgroundWork } from './services/background-work.js';
import { OnCallResolver } from './services/on-call-resolver.js';
import type { Mailer } from './services/ports/mailer.js';
import type { IncidentPager } from './services/ports/pager.js';
import type { SourceRepository } from './services/ports/source-repository.js';
import { RoleRoster } from './services/role-roster.js';
import type { Runtime } from './services/runtime.js';
import type { ChannelDirectory } from './slack/channel-directory.js';
import type { MessageSync } from './slack/message-sync.js';
import type { PostOnce } from './slack/post-once.js';
import { SlackNotifier } from './slack/slack-notifier.js';
import type { SlackOutbox } from './slack/slack-outbox.js';
import { SlackWorkspace } from './slack/slack-workspace.js';
import { UserDirectory } from './slack/user-directory.js';
import { DeployRepository } from './store/deploy-repository.js';
import type { EventLog } from './store/event-log.js';
import { IncidentRepository } from './store/incident-repository.js';
import { ReleaseRepository } from './store/release-repository.js';
import type { SlackAttemptLog } from './store/slack-attempt-log.js';
import { SqlAttestationStore } from './store/sql/sql-attestation-store.js';
import type { SqlRunner } from './store/sql/sql-runner.js';

/** The outside parts a runtime is built on; each becomes the implementation of one port. */
export interface RuntimeParts {
  readonly config: LoadedConfig;
  /** The store every repository runs on (its transactions are the runtime's `tx`). */
  readonly runner: SqlRunner;
  readonly events: EventLog;
  readonly timers: TimerService;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly slack: WebClient;
  readonly sync: MessageSync;
  readonly outbox: SlackOutbox;
  /** What lets Slack side effects find their own earlier attempts. */
  readonly slackOnce: {
    readonly once: PostOnce;
    readonly channels: ChannelDirectory;
    readonly attempts: SlackAttemptLog;
    readonly botUserId: string;
  };
  readonly onCallDirectory: OnCallDirectory | undefined;
  readonly pager: IncidentPager | undefined;
  /** Shipgate's environment: source of `pass_env` values and HTTP target secrets. */
  readonly env: NodeJS.ProcessEnv;
  /** Pause between SIGTERM and SIGKILL for timed-out commands (tests shorten it). */
  readonly killGraceMs?: number;
  readonly mailer?: Mailer;
  /** Where the user-editable templates are; the project's `templates/` by default. */
  readonly templatesDir?: string;
  /** Where work after Slack was answered is tracked (the Slack requests' own included); a new one by default. */
  readonly work?: BackgroundWork;
  /** The configured secret values, redacted from everything the notifier and the workspace send to Slack. */
  readonly secrets?: SecretValues;
}

/**
 * Builds the one runtime every workflow runs on: SQLite repositories, the durable scheduler, the Slack notifier and
 * workspace, PagerDuty, deploy targets and validators per service, the holiday calendar and the templates.
 */
export function composeRuntime(parts: RuntimeParts): Runtime {
  const { config } = parts.config;
  const adapterOptions = {
    baseDir: dirname(parts.config.path),
    env: parts.env,
    clock: parts.clock,
    ...(parts.killGraceMs ? { killGraceMs: parts.killGraceMs } : {}),
  };
  const targets = new Map<string, DeployTarget>();
  for (const [name, service] of Object.entries(config.services)) {
    if (service.deploy) targets.set(name, createDeployTarget(name, service.deploy, adapterOptions));
  }
  const repositories = new Map<string, SourceRepository>();
  for (const [name, service] of Object.entries(config.services)) {
    if (service.repository)
      repositories.set(
        name,
        new GitSourceRepository(resolve(adapterOptions.baseDir, service.repository.path)),
      );
  }
  const holidays = config.holidays ? createHolidayCalendar(config.holidays) : undefined;
  const metrics = createMetricsSource(config.metrics);
  const people = new UserDirectory(parts.slack);
  const secrets = parts.secrets ?? SecretValues.none;
  const templateOptions = parts.templatesDir ? { dir: parts.templatesDir } : {};
  const runner = parts.runner;
  return {
    config: parts.config,
    clock: parts.clock,
    logger: parts.logger,
    tx: { transaction: (work) => runner.transaction(work) },
    events: parts.events,
    deploys: new DeployRepository(runner),
    incidents: new IncidentRepository(runner),
    timers: parts.timers,
    notifier: new SlackNotifier(parts.sync, parts.outbox, secrets),
    workspace: new SlackWorkspace(
      parts.slack,
      parts.sync,
      parts.slackOnce.once,
      parts.slackOnce.channels,
      parts.slackOnce.attempts,
      parts.slackOnce.botUserId,
      () => parts.clock.now(),
      secrets,
    ),
    people,
    onCall: new OnCallResolver(parts.onCallDirectory, people, () => config.roles['on-call-engineer'] ?? []),
    roster: new RoleRoster(parts.config, people),
    pager: parts.pager,
    calendar: {
      timeZone: config.timezone,
      holidayName: (date) => holidays?.holidayName(date),
      endOfMonthBusinessDays: config.change_calendar.end_of_month_business_days,
      majorEvents: config.change_calendar.major_events,
    },
    targetFor: (service) => targets.get(service),
    validatorFor: (service) =>
      new BindingValidator(service, ownEntry(config.services, service)?.validations ?? {}, adapterOptions),
    templates: new MustacheTemplates(parts.templatesDir),
    reports: new MarkdownReportRenderer(templateOptions),
    work: parts.work ?? new BackgroundWork(parts.logger),
    ...(metrics ? { metrics } : {}),
    health: new HttpHealthProbe(),
    ...(parts.mailer ? { mailer: parts.mailer } : {}),
    attestations: new SqlAttestationStore(runner),
    readinessProbes: new LocalReadinessProbes(config.services, adapterOptions),
    repositoryFor: (service) => repositories.get(service),
    releases: new ReleaseRepository(runner),
    releaseNotes: new MarkdownReleaseNotesRenderer(parts.templatesDir),
  };
}
