import {
  type ShipgateRequest,
  shipgateGrammar,
  shipgateUsage,
} from '../src/core/commands/shipgate-grammar.js';
import type { OversightService } from '../src/services/oversight/oversight-service.js';
import { defineCommand, type SlashCommand } from '../src/slack/slash-command.js';

/** `/shipgate`: the emergency stop for agents and the audit check. */
export function shipgateCommand(oversight?: OversightService): SlashCommand {
  return defineCommand<ShipgateRequest>({
    name: '/shipgate',
    description: 'Oversight of automation - stop or resume every agent token, verify the audit chain',
    usageHint: 'agents stop | agents resume | agents status | audit verify | help',
    usage: shipgateUsage,
    grammar: shipgateGrammar,
    handlers: oversight
      ? {
          agents: (ask, who) => oversight.agents(ask.action, who),
          audit_verify: async () => await oversight.auditVerify(),
        }
      : {},
  });
}
