import type { Logger } from 'pino';
import type { Clock } from '../core/clock.js';
import type { LoadedConfig } from '../core/config/loaded-config.js';
import type { ChangeCalendar } from '../core/deploys/change-calendar.js';
import type { DeployTarget, Validator } from '../core/deploys/deploy-ports.js';
import type { BackgroundWork } from './background-work.js';
import type { OnCallResolver } from './on-call-resolver.js';
import type { AttestationStore } from './ports/attestation-store.js';
import type { ChatWorkspace } from './ports/chat-workspace.js';
import type { DeployStore } from './ports/deploy-store.js';
import type { EventStore } from './ports/event-store.js';
import type { IncidentStore } from './ports/incident-store.js';
import type { Mailer } from './ports/mailer.js';
import type { HealthProbe, MetricsSource } from './ports/metrics.js';
import type { Notifier } from './ports/notifier.js';
import type { IncidentPager } from './ports/pager.js';
import type { People } from './ports/people.js';
import type { ReadinessProbes } from './ports/readiness-probes.js';
import type { ReleaseNotesRenderer } from './ports/release-notes-renderer.js';
import type { ReleaseStore } from './ports/release-store.js';
import type { SourceRepository } from './ports/source-repository.js';
import type { CommunicationTemplates, ReportRenderer } from './ports/templates.js';
import type { Timers } from './ports/timers.js';
import type { Transactor } from './ports/transactor.js';
import type { RoleRoster } from './role-roster.js';

/**
 * Everything the workflows run on, built once by the composition root: the configuration, the clock, and one port
 * per outside thing (storage, timers, the chat platform, paging, deploy targets, templates). Deploys, incidents and
 * every later capability take this one object, so a new entry point (an API, a console) is only a new caller.
 */
export interface Runtime {
  readonly config: LoadedConfig;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly tx: Transactor;
  readonly events: EventStore;
  readonly deploys: DeployStore;
  readonly incidents: IncidentStore;
  readonly timers: Timers;
  readonly notifier: Notifier;
  readonly workspace: ChatWorkspace;
  readonly people: People;
  readonly onCall: OnCallResolver;
  /** Role members who are people (bots listed in a role are never offered as approvers). */
  readonly roster: RoleRoster;
  /** The paging system, when paging is configured (its routing key is set). */
  readonly pager: IncidentPager | undefined;
  readonly calendar: ChangeCalendar;
  readonly targetFor: (service: string) => DeployTarget | undefined;
  readonly validatorFor: (service: string) => Validator;
  readonly templates: CommunicationTemplates;
  readonly reports: ReportRenderer;
  readonly work: BackgroundWork;
  /** Prometheus, when `metrics.prometheus` is configured: the post-deploy watch's queries. */
  readonly metrics?: MetricsSource;
  /** The watch's health checks. */
  readonly health?: HealthProbe;
  /** Email, when `notifications.email` is configured: sent after a rollback. */
  readonly mailer?: Mailer;
  /** Stored ticks on the readiness checklist's attest items. */
  readonly attestations: AttestationStore;
  /** How readiness checks run commands, HTTP checks and repository lookups. */
  readonly readinessProbes: ReadinessProbes;
  /** The service's source repository, when `services.<name>.repository` is configured (releases, range reading). */
  readonly repositoryFor: (service: string) => SourceRepository | undefined;
  /** Versions tagged as survived production (the `releases` table). */
  readonly releases: ReleaseStore;
  /** The user-editable changelog template (`templates/changelog.mustache`). */
  readonly releaseNotes: ReleaseNotesRenderer;
}
