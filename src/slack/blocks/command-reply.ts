import type { KnownBlock } from '@slack/types';

/** An answer to a slash command, sent as the ack body (ephemeral unless said otherwise). */
export interface CommandReply {
  readonly response_type: 'ephemeral' | 'in_channel';
  readonly text: string;
  readonly blocks: KnownBlock[];
}

const code = (lines: readonly string[]) => `\`\`\`${lines.join('\n')}\`\`\``;

/** The `help` answer: what the command does and its usage lines. */
export function helpReply(command: string, summary: string, usage: readonly string[]): CommandReply {
  return {
    response_type: 'ephemeral',
    text: `${command}: ${summary}\nUsage:\n${usage.join('\n')}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${command}* — ${summary}` } },
      { type: 'section', text: { type: 'mrkdwn', text: `*Usage*\n${code(usage)}` } },
    ],
  };
}

/** The answer to a mistake: what was wrong, then the usage, so the user can fix it without asking anyone. */
export function mistakeReply(command: string, problem: string, usage: readonly string[]): CommandReply {
  return {
    response_type: 'ephemeral',
    text: `:warning: ${command}: ${problem}\nUsage:\n${usage.join('\n')}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `:warning: *${command}*: ${escapeMrkdwn(problem)}` } },
      { type: 'section', text: { type: 'mrkdwn', text: `*Usage*\n${code(usage)}` } },
    ],
  };
}

/** A plain ephemeral notice (e.g. "not available yet") followed by the usage. */
export function noticeReply(text: string, usage?: readonly string[]): CommandReply {
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text } }];
  if (usage) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*Usage*\n${code(usage)}` } });
  return { response_type: 'ephemeral', text: usage ? `${text}\nUsage:\n${usage.join('\n')}` : text, blocks };
}

/** Escapes the three characters Slack's mrkdwn treats as control characters, so user text shows as typed. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
