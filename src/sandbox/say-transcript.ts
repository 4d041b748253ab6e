import type { BotInteractions, InteractionResult } from './bot-interactions.js';
import { delay } from './http-io.js';
import { renderChannel, renderMessage, renderView } from './slack-objects.js';
import { requireUser } from './workspace-lookup.js';
import type { WorkspaceState } from './workspace-state.js';
import type { JsonObject, SandboxUser, StoredView } from './workspace-types.js';

/** A modal the bot opened (or changed) for the user during an interaction: enough for the CLI to describe it. */
export interface OpenedView {
  readonly id: string;
  readonly callback_id: string;
  /** The title's plain text. */
  readonly title: string;
  /** The block_id of every input block, in order. */
  readonly inputs: string[];
}

/**
 * What `POST /_standin/say` and `POST /_standin/click` answer: the ack, what was posted to the response_url, the
 * messages the user sees and the modals that opened for them.
 */
export interface SayTranscript {
  readonly status: number;
  readonly ack: unknown;
  readonly responses: unknown[];
  readonly messages: JsonObject[];
  readonly views: OpenedView[];
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

function openViews(state: WorkspaceState, user: SandboxUser): StoredView[] {
  return [...state.views.values()].filter((v) => v.open && v.userId === user.id && v.type === 'modal');
}

function describeView(view: StoredView): OpenedView {
  const title = view.body.title as { text?: unknown } | undefined;
  const blocks = Array.isArray(view.body.blocks) ? (view.body.blocks as JsonObject[]) : [];
  return {
    id: view.id,
    callback_id: typeof view.body.callback_id === 'string' ? view.body.callback_id : '',
    title: typeof title?.text === 'string' ? title.text : '',
    inputs: blocks.filter((b) => b?.type === 'input').map((b) => String(b.block_id ?? '')),
  };
}

/**
 * Runs one interaction as `user`, waits for its ack and then for the bot to go quiet (no Web API call or
 * response_url post for `quietMs`, at most `maxMs` in all), and returns what the user would see: new or changed
 * messages in any channel (ephemeral ones only when meant for this user) and modals opened or changed for them.
 * `say` and `click` share it so both answer in the same shape.
 */
export async function transcribeInteraction(
  state: WorkspaceState,
  user: SandboxUser,
  quiet: QuietOptions,
  interact: () => Promise<InteractionResult>,
): Promise<SayTranscript> {
  const before = snapshot(state);
  const viewsBefore = new Map(openViews(state, user).map((v) => [v.id, v.hash]));
  const started = performance.now();
  const result = await interact();
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
  const views = openViews(state, user)
    .filter((v) => viewsBefore.get(v.id) !== v.hash)
    .map(describeView);
  return {
    status: result.status,
    ack: result.ack,
    responses: result.responses.map((p) => p.body),
    messages,
    views,
  };
}

/** Sends `/command args` as `user` and returns the transcript (see `transcribeInteraction`). */
export async function sayAsUser(
  state: WorkspaceState,
  interactions: BotInteractions,
  input: { user: string; text: string; channel?: string },
  quiet: QuietOptions,
): Promise<SayTranscript> {
  const match = /^(\/\S+)\s*([\s\S]*)$/.exec(input.text.trim());
  if (!match?.[1]) throw new Error('text must start with a slash command, e.g. "/deploy help"');
  const user = requireUser(state, input.user);
  return transcribeInteraction(state, user, quiet, () =>
    interactions.command({
      user: user.id,
      command: match[1] ?? '',
      text: match[2] ?? '',
      ...(input.channel ? { channel: input.channel } : {}),
    }),
  );
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
