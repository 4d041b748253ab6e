import {
  type RollbackRequest,
  rollbackGrammar,
  rollbackUsage,
} from '../src/core/commands/rollback-grammar.js';
import type { RollbackService } from '../src/services/rollback/rollback-service.js';
import { defineCommand, type SlashCommand } from '../src/slack/slash-command.js';

/** `/rollback`: bring back the last good version of a service. */
export function rollbackCommand(rollbacks?: RollbackService): SlashCommand {
  return defineCommand<RollbackRequest>({
    name: '/rollback',
    description: 'Roll a service back to its last good version',
    usageHint:
      '<service> [--env production] [--to <version>] [--security "<reason>"] [--dry-run] | status | help',
    usage: rollbackUsage,
    grammar: rollbackGrammar,
    handlers: rollbacks
      ? {
          rollback: (ask, who) => rollbacks.request(ask, who),
          status: async (ask) => await rollbacks.status(ask.service),
        }
      : {},
  });
}
