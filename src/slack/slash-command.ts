import { type CommandGrammar, parseCommand, truncate } from '../core/commands/command-grammar.js';
import type { Outcome } from '../services/answer.js';
import {
  type CommandReply,
  escapeMrkdwn,
  helpReply,
  mistakeReply,
  noticeReply,
} from './blocks/command-reply.js';
import { answerReply } from './blocks/outcome-reply.js';

/** Who asked, where, and how to answer later: the parts of Slack's slash-command payload handlers use. */
export interface CommandContext {
  readonly userId: string;
  readonly channelId: string;
  readonly teamId: string;
  readonly triggerId: string;
  readonly responseUrl: string;
}

/** How a command invocation ended, for metrics. */
export type CommandOutcomeKind = 'help' | 'invalid' | 'accepted' | 'unavailable';

/** The reply to ack with, and optional work to run after the ack (Slack wants the ack within 3 s). */
export interface CommandResult {
  readonly outcome: CommandOutcomeKind;
  readonly reply: CommandReply;
  readonly after?: () => Promise<void>;
}

/** A slash command as Shipgate registers it with Bolt and lists it in manifest.yml. */
export interface SlashCommand {
  readonly name: string;
  readonly description: string;
  readonly usageHint: string;
  readonly usage: readonly string[];
  run(text: string, context: CommandContext): CommandResult | Promise<CommandResult>;
}

/** Per-request handlers of a command, keyed by the parsed request's `kind` (`help` is answered for you). */
export type RequestHandlers<T extends { kind: string }> = {
  [K in Exclude<T['kind'], 'help'>]?: (
    request: Extract<T, { kind: K }>,
    context: CommandContext,
  ) => Outcome | Promise<Outcome>;
};

/** A service's outcome as the command's result: its answer rendered for Slack, its follow-up work kept. */
export function commandResult(outcome: Outcome, usage: readonly string[]): CommandResult {
  const { kind, reply } = answerReply(outcome.answer, usage);
  return { outcome: kind, reply, ...(outcome.after ? { after: outcome.after } : {}) };
}

/**
 * Builds a slash command from its grammar: mistakes get an ephemeral reply saying what was wrong plus the usage,
 * `help` gets the usage, and parsed requests go to their handler, whose domain answer is rendered here. A request
 * kind with no handler yet is answered honestly as not available in this version, and nothing is started.
 */
export function defineCommand<T extends { kind: string }>(spec: {
  name: string;
  description: string;
  usageHint: string;
  usage: readonly string[];
  grammar: CommandGrammar<T>;
  handlers: RequestHandlers<T>;
}): SlashCommand {
  return {
    name: spec.name,
    description: spec.description,
    usageHint: spec.usageHint,
    usage: spec.usage,
    run(text, context) {
      const parsed = parseCommand(spec.grammar, text);
      if (!parsed.ok) return { outcome: 'invalid', reply: mistakeReply(spec.name, parsed.error, spec.usage) };
      const request = parsed.value;
      if (request.kind === 'help') {
        return { outcome: 'help', reply: helpReply(spec.name, spec.description, spec.usage) };
      }
      const handler = spec.handlers[request.kind as Exclude<T['kind'], 'help'>] as
        | ((r: T, c: CommandContext) => Outcome | Promise<Outcome>)
        | undefined;
      if (handler) {
        const outcome = handler(request, context);
        return outcome instanceof Promise
          ? outcome.then((o) => commandResult(o, spec.usage))
          : commandResult(outcome, spec.usage);
      }
      return {
        outcome: 'unavailable',
        reply: noticeReply(
          `:construction: \`${spec.name} ${escapeMrkdwn(truncate(text.trim(), 80))}\` is understood, but this version of Shipgate cannot do it yet. Nothing was started.`,
          spec.usage,
        ),
      };
    },
  };
}
