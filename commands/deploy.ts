import { type DeployRequest, deployGrammar, deployUsage } from '../src/core/commands/deploy-grammar.js';
import { defineCommand, type SlashCommand } from '../src/slack/slash-command.js';

/** `/deploy`: ship a service version behind human approval. */
export function deployCommand(): SlashCommand {
  return defineCommand<DeployRequest>({
    name: '/deploy',
    description: 'Deploy a service version behind human approval, change windows and automatic rollback',
    usageHint:
      '<service> <version> [--env production] [--strategy blue-green|canary] [--dry-run] | status | queue | help',
    usage: deployUsage,
    grammar: deployGrammar,
    handlers: {},
  });
}
