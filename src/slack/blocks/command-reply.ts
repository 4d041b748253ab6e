import type { KnownBlock } from '@slack/types';
import { escapeMrkdwn } from '../render-mrkdwn.js';

export { escapeMrkdwn } from '../render-mrkdwn.js';

/** An answer to a slash command, sent as the ack body (ephemeral unless said otherwise). */
export interface CommandReply {
  readonly response_type: 'ephemeral' | 'in_channel';
  readonly text: string;
  readonly blocks: KnownBlock[];
}

const usageBlocks = new WeakMap<readonly string[], string>();

/** A command's usage as a code block, escaped; built once per command (the usage never changes). */
function code(lines: readonly string[]): string {
  let block = usageBlocks.get(lines);
  if (block === undefined) {
    block = `\`\`\`${lines.map(escapeMrkdwn).join('\n')}\`\`\``;
    usageBlocks.set(lines, block);
  }
  return block;
}

const helpReplies = new WeakMap<readonly string[], CommandReply>();

/** The `help` answer: what the command does and its usage lines. */
export function helpReply(command: string, summary: string, usage: readonly string[]): CommandReply {
  const known = helpReplies.get(usage);
  if (known) return known;
  const reply: CommandReply = {
    response_type: 'ephemeral',
    text: `${command}: ${summary}\nUsage:\n${code(usage)}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${command}* — ${summary}` } },
      { type: 'section', text: { type: 'mrkdwn', text: `*Usage*\n${code(usage)}` } },
    ],
  };
  helpReplies.set(usage, reply);
  return reply;
}

/** The answer to a mistake: what was wrong, then the usage, so the user can fix it without asking anyone. */
export function mistakeReply(command: string, problem: string, usage: readonly string[]): CommandReply {
  const what = `:warning: *${command}*: ${escapeMrkdwn(problem)}`;
  return {
    response_type: 'ephemeral',
    text: `${what}\nUsage:\n${code(usage)}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: what } },
      { type: 'section', text: { type: 'mrkdwn', text: `*Usage*\n${code(usage)}` } },
    ],
  };
}

/**
 * An ephemeral notice in already-rendered mrkdwn, split into as many sections as it needs, followed by the usage
 * when given.
 */
export function noticeReply(
  mrkdwn: string,
  usage?: readonly string[],
  sections?: readonly string[],
): CommandReply {
  const blocks: KnownBlock[] = (sections ?? [mrkdwn]).map((text) => ({
    type: 'section',
    text: { type: 'mrkdwn', text },
  }));
  if (usage) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*Usage*\n${code(usage)}` } });
  return {
    response_type: 'ephemeral',
    text: usage ? `${mrkdwn}\nUsage:\n${code(usage)}` : mrkdwn,
    blocks,
  };
}
