import {
  type ReadinessRequest,
  readinessGrammar,
  readinessUsage,
} from '../src/core/commands/readiness-grammar.js';
import type { ReadinessService } from '../src/services/readiness/readiness-service.js';
import { defineCommand, type SlashCommand } from '../src/slack/slash-command.js';

/** `/readiness`: the chapter's production readiness checklist and score for a service. */
export function readinessCommand(readiness?: ReadinessService): SlashCommand {
  return defineCommand<ReadinessRequest>({
    name: '/readiness',
    description: 'Production readiness checklist and score for a service',
    usageHint: '<service> [<version>] [--env production] | checklist | help',
    usage: readinessUsage,
    grammar: readinessGrammar,
    handlers: readiness
      ? {
          assess: async (ask, who) => await readiness.request(ask, who),
          checklist: () => readiness.checklist(),
        }
      : {},
  });
}
