import type { SlashCommand } from '../src/slack/slash-command.js';
import { deployCommand } from './deploy.js';
import { incidentCommand } from './incident.js';
import { readinessCommand } from './readiness.js';
import { releaseCommand } from './release.js';
import { rollbackCommand } from './rollback.js';

/** Every slash command Shipgate registers; manifest.yml must list each one (a test checks). */
export function allCommands(): SlashCommand[] {
  return [deployCommand(), rollbackCommand(), incidentCommand(), releaseCommand(), readinessCommand()];
}
