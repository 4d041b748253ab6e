import { type ReleaseRequest, releaseGrammar, releaseUsage } from '../src/core/commands/release-grammar.js';
import type { ReleaseService } from '../src/services/releases/release-service.js';
import { defineCommand, type SlashCommand } from '../src/slack/slash-command.js';

/** `/release`: version suggestions, release notes and changelogs from conventional commits. */
export function releaseCommand(releases?: ReleaseService): SlashCommand {
  return defineCommand<ReleaseRequest>({
    name: '/release',
    description: 'Version suggestions, release notes and changelogs for a service',
    usageHint: 'suggest <service> | notes <service> <version> | changelog <service> [from] [to] | help',
    usage: releaseUsage,
    grammar: releaseGrammar,
    handlers: releases
      ? {
          suggest: (ask) => releases.suggest(ask.service),
          notes: (ask) => releases.notes(ask.service, ask.version),
          changelog: (ask) => releases.changelog(ask.service, ask.from, ask.to),
        }
      : {},
  });
}
