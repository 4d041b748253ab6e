import type { BotInteractions } from './bot-interactions.js';
import { delay } from './http-io.js';
import { renderChannel, renderMessage, renderView } from './slack-objects.js';
import type { WorkspaceState } from './workspace-state.js';
import type { JsonObject } from './workspace-types.js';

/** What `POST /_standin/say` answers: the ack, what was posted to the response_url, and the messages the user sees. */
export interface SayTranscript {
  readonly status: number;
  readonly ack: unknown;
  readonly responses: unknown[];
  readonly messages: JsonObject[];
}

/** How long to wait for the bot to go quiet. */
export interface QuietOptions {
  /** No Web API call or response_url post for this long counts as quiet (default 300 ms). */
  readonly quietMs: number;
  /** Stop waiting after this long in any case (default 10 s). */
  readonly maxMs: number;
  /** Milliseconds (performance.now) of the stand-in's last activity. */
  readonly lastActivity: () => number;
}

function snapshot(state: WorkspaceState): Map<string, string> {
  return new Map(
    state.allMessages().map((m) => [`${m.channel}/${m.ts}`, JSON.stringify(renderMessage(state, m))]),
  );
}

/**
 * Sends `/command args` as `user`, waits for the ack and for the bot to go quiet, and returns what the user would
 * see: new or changed messages in any channel, ephemeral ones only when meant for this user.
 */
export async function sayAsUser(
  state: WorkspaceState,
  interactions: BotInteractions,
  input: { user: string; text: string; channel?: string },
  quiet: QuietOptions,
): Promise<SayTranscript> {
  const match = /^(\/\S+)\s*([\s\S]*)$/.exec(input.text.trim());
  if (!match?.[1]) throw new Error('text must start with a slash command, e.g. "/deploy help"');
  const user = state.findUser(input.user);
  if (!user) throw new Error(`unknown user ${input.user}`);
  const before = snapshot(state);
  const started = performance.now();
  const result = await interactions.command({
    user: user.id,
    command: match[1],
    text: match[2] ?? '',
    ...(input.channel ? { channel: input.channel } : {}),
  });
  const acked = performance.now();
  while (performance.now() - started < quiet.maxMs) {
    const last = Math.max(acked, quiet.lastActivity());
    if (performance.now() - last >= quiet.quietMs) break;
    await delay(Math.min(25, quiet.quietMs));
  }
  const messages = state
    .allMessages()
    .filter((m) => !m.ephemeralFor || m.ephemeralFor === user.id)
    .filter((m) => before.get(`${m.channel}/${m.ts}`) !== JSON.stringify(renderMessage(state, m)))
    .map((m) => ({
      channel: m.channel,
      channel_name: state.channels.get(m.channel)?.name ?? m.channel,
      ephemeral: m.ephemeralFor !== undefined,
      ...renderMessage(state, m),
    }));
  return { status: result.status, ack: result.ack, responses: result.responses.map((p) => p.body), messages };
}

/** `GET /_standin/state`: channels with members, messages (ephemeral marked), bookmarks; users; open views. */
export function dumpState(state: WorkspaceState): JsonObject {
  const viewer = state.identity.botUserId;
  return {
    team: { id: state.identity.teamId, domain: state.identity.teamDomain },
    users: [...state.users.values()].map((u) => ({
      id: u.id,
      name: u.name,
      title: u.title,
      is_bot: u.isBot,
    })),
    channels: [...state.channels.values()].map((c) => ({
      ...renderChannel(state, c, viewer),
      members: [...c.members],
      bookmarks: state.bookmarks.filter((b) => b.channelId === c.id),
      messages: state.messagesIn(c.id).map((m) => ({
        ...renderMessage(state, m),
        ...(m.ephemeralFor ? { ephemeral_for: m.ephemeralFor } : {}),
      })),
    })),
    views: [...state.views.values()]
      .filter((v) => v.open)
      .map((v) => ({ user: v.userId, ...renderView(state, v) })),
  };
}
