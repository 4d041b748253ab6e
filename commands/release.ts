import { type ReleaseRequest, releaseGrammar, releaseUsage } from '../src/core/commands/release-grammar.js';
import { defineCommand, type SlashCommand } from '../src/slack/slash-command.js';

/** `/release`: release notes and changelogs from conventional commits. */
export function releaseCommand(): SlashCommand {
  return defineCommand<ReleaseRequest>({
    name: '/release',
    description: 'Release notes and changelogs for a service version',
    usageHint: 'notes <service> <version> | changelog <service> [from] [to] | help',
    usage: releaseUsage,
    grammar: releaseGrammar,
    handlers: {},
  });
}
