import {
  type IncidentRequest,
  incidentGrammar,
  incidentUsage,
} from '../src/core/commands/incident-grammar.js';
import { defineCommand, type SlashCommand } from '../src/slack/slash-command.js';

/** `/incident`: declare and run an incident from its channel. */
export function incidentCommand(): SlashCommand {
  return defineCommand<IncidentRequest>({
    name: '/incident',
    description: 'Declare an incident, open its channel, page on-call and run the severity clocks',
    usageHint: 'declare <SEV-1..4> <title> | ack | update <text> | resolve <resolution> | help',
    usage: incidentUsage,
    grammar: incidentGrammar,
    handlers: {},
  });
}
