import { type DeployRequest, deployGrammar, deployUsage } from '../src/core/commands/deploy-grammar.js';
import type { DeployService } from '../src/services/deploys/deploy-service.js';
import type { RollbackService } from '../src/services/rollback/rollback-service.js';
import { defineCommand, type SlashCommand } from '../src/slack/slash-command.js';

/** `/deploy`: ship a service version behind human approval. */
export function deployCommand(deploys?: DeployService, rollbacks?: RollbackService): SlashCommand {
  return defineCommand<DeployRequest>({
    name: '/deploy',
    description: 'Deploy a service version behind human approval and change windows',
    usageHint:
      '<service> <version> [--env production] [--strategy blue-green|canary] [--dry-run] | status | queue | watch stop | unblock | help',
    usage: deployUsage,
    grammar: deployGrammar,
    handlers: deploys
      ? {
          deploy: (ask, who) => deploys.request(ask, who),
          status: async (ask) => await deploys.status(ask.target),
          queue: async (ask) => await deploys.queue(ask.service),
          cancel: async (ask, who) => await deploys.cancel(ask.id, who),
          ...(rollbacks
            ? {
                watch_stop: (ask, who) => rollbacks.stopWatch(ask.id, who),
                unblock: (ask, who) => rollbacks.unblock(ask.service, ask.env, ask.version, who),
              }
            : {}),
        }
      : {},
  });
}
