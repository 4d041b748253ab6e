import type { DeployService } from '../src/services/deploys/deploy-service.js';
import type { IncidentService } from '../src/services/incidents/incident-service.js';
import type { OversightService } from '../src/services/oversight/oversight-service.js';
import type { ReadinessService } from '../src/services/readiness/readiness-service.js';
import type { ReleaseService } from '../src/services/releases/release-service.js';
import type { RollbackService } from '../src/services/rollback/rollback-service.js';
import type { SlashCommand } from '../src/slack/slash-command.js';
import { deployCommand } from './deploy.js';
import { incidentCommand } from './incident.js';
import { readinessCommand } from './readiness.js';
import { releaseCommand } from './release.js';
import { rollbackCommand } from './rollback.js';
import { shipgateCommand } from './shipgate.js';

/** The services commands hand their requests to; absent ones leave their requests answered as not available. */
export interface CommandServices {
  readonly deploys?: DeployService;
  readonly incidents?: IncidentService;
  readonly rollbacks?: RollbackService;
  readonly readiness?: ReadinessService;
  readonly releases?: ReleaseService;
  readonly oversight?: OversightService;
}

/** Every slash command Shipgate registers; manifest.yml must list each one (a test checks). */
export function allCommands(services: CommandServices = {}): SlashCommand[] {
  return [
    deployCommand(services.deploys, services.rollbacks),
    rollbackCommand(services.rollbacks),
    incidentCommand(services.incidents),
    releaseCommand(services.releases),
    readinessCommand(services.readiness),
    shipgateCommand(services.oversight),
  ];
}
