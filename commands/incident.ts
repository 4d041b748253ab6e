import {
  type IncidentRequest,
  incidentGrammar,
  incidentUsage,
} from '../src/core/commands/incident-grammar.js';
import type { Requester } from '../src/services/answer.js';
import type { IncidentService } from '../src/services/incidents/incident-service.js';
import { defineCommand, type SlashCommand } from '../src/slack/slash-command.js';

/** `/incident`: declare and run an incident from its channel. */
export function incidentCommand(incidents?: IncidentService): SlashCommand {
  const run = (req: Exclude<IncidentRequest, { kind: 'declare' | 'list' | 'help' }>, who: Requester) =>
    (incidents as IncidentService).run(req, who);
  return defineCommand<IncidentRequest>({
    name: '/incident',
    description: 'Declare an incident, open its channel, page on-call and run the severity clocks',
    usageHint: 'declare <SEV-1..4> <title> | ack | update <text> | resolve <resolution> | help',
    usage: incidentUsage,
    grammar: incidentGrammar,
    handlers: incidents
      ? {
          declare: async (req, who) => await incidents.declare(req, who),
          list: (_req, who) => incidents.list(who),
          ack: run,
          commander: run,
          role: run,
          severity: run,
          update: run,
          note: run,
          action: run,
          action_done: run,
          resolve: run,
          status: run,
          timeline: run,
          report: run,
        }
      : {},
  });
}
