import type { Answer } from '../../services/answer.js';
import { chunkMrkdwn, toMrkdwn } from '../render-mrkdwn.js';
import { type CommandReply, noticeReply } from './command-reply.js';
import { dryRunReply } from './deploy-replies.js';
import { rollbackPlanReply } from './rollback-plan-reply.js';

/** How a command invocation ended, for metrics. */
export type AnswerKind = 'invalid' | 'accepted';

/**
 * A service's answer as the ephemeral reply Slack shows the person who asked: a refusal with `:no_entry:` (and the
 * usage when the mistake was in how it was typed), a line, a titled list or a deploy plan; long answers are split
 * into several sections instead of being cut.
 */
export function answerReply(
  answer: Answer,
  usage: readonly string[],
): { kind: AnswerKind; reply: CommandReply } {
  switch (answer.kind) {
    case 'refused': {
      const text = `:no_entry: ${toMrkdwn(answer.text)}`;
      return {
        kind: 'invalid',
        reply: noticeReply(text, answer.showUsage ? usage : undefined, chunkMrkdwn(text)),
      };
    }
    case 'done': {
      const text = toMrkdwn(answer.text);
      return { kind: 'accepted', reply: noticeReply(text, undefined, chunkMrkdwn(text)) };
    }
    case 'list': {
      const body = answer.lines.length
        ? answer.lines.map((l) => toMrkdwn(l)).join('\n')
        : toMrkdwn(answer.empty);
      const title = `*${toMrkdwn(answer.title)}*`;
      return {
        kind: 'accepted',
        reply: noticeReply(`${title}\n${body}`, undefined, [title, ...chunkMrkdwn(body)]),
      };
    }
    case 'plan':
      return { kind: 'accepted', reply: dryRunReply(answer.plan, answer.timeZone) };
    case 'rollback_plan':
      return { kind: 'accepted', reply: rollbackPlanReply(answer) };
    default:
      return unreachable(answer);
  }
}

function unreachable(answer: never): never {
  throw new TypeError(`unknown answer ${JSON.stringify(answer)}`);
}
