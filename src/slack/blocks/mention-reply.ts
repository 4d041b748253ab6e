import type { KnownBlock } from '@slack/types';
import type { SlashCommand } from '../slash-command.js';

/** The bot's answer when someone @-mentions it: what it can do, one line per slash command. */
export function mentionReply(commands: readonly SlashCommand[]): { text: string; blocks: KnownBlock[] } {
  const lines = commands.map((c) => `• \`${c.name}\` — ${c.description}. Try \`${c.name} help\`.`);
  return {
    text: `I answer slash commands: ${commands.map((c) => c.name).join(', ')}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: "Hi! I'm Shipgate. I answer slash commands:" } },
      { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } },
    ],
  };
}
