import type { SlackStandIn } from '../../src/sandbox/slack-stand-in.js';
import type { StoredMessage } from '../../src/sandbox/workspace-types.js';

/**
 * The bot's messages (ephemeral ones left out) that appear more than once with the same text in the same channel
 * and thread, as `<channel> <thread ts> <text>`: what a side effect carried out twice leaves behind.
 */
export function doubledPosts(slack: SlackStandIn): string[] {
  const texts = slack.state
    .allMessages()
    .filter((m) => m.user === 'U0SHIPGATE' && !m.ephemeralFor)
    .map((m) => `${m.channel} ${m.threadTs ?? ''} ${m.text}`);
  return texts.filter((text, i) => texts.indexOf(text) !== i);
}

/** The channels whose name starts with `prefix` (an incident's: `inc-2026-0001-`). */
export function channelsNamed(slack: SlackStandIn, prefix: string) {
  return [...slack.state.channels.values()].filter((c) => c.name.startsWith(prefix));
}

/** The incident alerts the bot posted in `channel` (none for an unknown channel). */
export function incidentAlerts(slack: SlackStandIn, channel: string | undefined): StoredMessage[] {
  if (channel === undefined) return [];
  return slack.state
    .messagesIn(channel)
    .filter((m) => m.user === 'U0SHIPGATE' && m.text.startsWith('INCIDENT ALERT'));
}
