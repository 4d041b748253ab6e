import {
  type RollbackRequest,
  rollbackGrammar,
  rollbackUsage,
} from '../src/core/commands/rollback-grammar.js';
import { defineCommand, type SlashCommand } from '../src/slack/slash-command.js';

/** `/rollback`: bring back the last good version of a service. */
export function rollbackCommand(): SlashCommand {
  return defineCommand<RollbackRequest>({
    name: '/rollback',
    description: 'Roll a service back to its last good version',
    usageHint: '<service> [--env production] [--to <version>] [--dry-run] | status | help',
    usage: rollbackUsage,
    grammar: rollbackGrammar,
    handlers: {},
  });
}
