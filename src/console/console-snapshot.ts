import type { SlackStandIn, StoredMessage } from '../sandbox/index.js';
import type {
  ConsoleChannel,
  ConsoleFile,
  ConsoleMessage,
  ConsolePerson,
  ConsoleView,
} from './app/console-api-types.js';

/** The people of the workspace (humans only) with the roles the loaded config binds them to. */
export function consolePeople(
  standIn: SlackStandIn,
  roles: Readonly<Record<string, readonly string[]>>,
): ConsolePerson[] {
  return [...standIn.state.users.values()]
    .filter((u) => !u.isBot && !u.isAppUser)
    .map((u) => ({
      id: u.id,
      name: u.name,
      realName: u.realName,
      title: u.title,
      roles: Object.entries(roles)
        .filter(([, members]) => members.includes(u.id))
        .map(([role]) => role),
    }));
}

/** The channels, DMs of `user` included, with topic, purpose and pin count. */
export function consoleChannels(standIn: SlackStandIn, user: string): ConsoleChannel[] {
  const { state } = standIn;
  return [...state.channels.values()]
    .filter((c) => !c.isArchived && (!c.isIm || c.imUser === user))
    .map((c) => ({
      id: c.id,
      name: c.isIm ? `${state.users.get(c.imUser ?? '')?.name ?? c.name} (DM with Shipgate)` : c.name,
      topic: c.topic.value,
      purpose: c.purpose.value,
      isIm: c.isIm,
      isPrivate: c.isPrivate,
      pinCount: state.messagesIn(c.id).filter((m) => m.pinnedBy !== undefined && !m.ephemeralFor).length,
    }));
}

/** The most of a shared file's text the console shows. */
const FILE_TEXT_LIMIT = 200_000;

/** A shared file as the console shows it: text files with their (cut) content, anything else by name. */
function toConsoleFile(standIn: SlackStandIn, id: string): ConsoleFile | undefined {
  const file = standIn.state.files.get(id);
  if (!file) return undefined;
  const content = file.content;
  const decoded = content
    ? new TextDecoder('utf-8', { fatal: false }).decode(content.subarray(0, FILE_TEXT_LIMIT))
    : undefined;
  const isText = decoded !== undefined && !decoded.includes('\u0000');
  return {
    id: file.id,
    title: file.title,
    filename: file.filename,
    bytes: file.length,
    ...(isText ? { text: decoded } : {}),
    truncated: content !== undefined && content.length > FILE_TEXT_LIMIT,
  };
}

function toConsoleMessage(standIn: SlackStandIn, message: StoredMessage, user: string): ConsoleMessage {
  const { state } = standIn;
  const author = message.user ? state.users.get(message.user) : undefined;
  const isBot = message.botId !== undefined || author?.isBot === true;
  const replies =
    message.threadTs === undefined || message.threadTs === message.ts
      ? state
          .messagesIn(message.channel)
          .filter(
            (m) =>
              m.threadTs === message.ts &&
              m.ts !== message.ts &&
              (!m.ephemeralFor || m.ephemeralFor === user),
          )
          .map((m) => toConsoleMessage(standIn, m, user))
      : [];
  return {
    channel: message.channel,
    ts: message.ts,
    ...(message.user ? { user: message.user } : {}),
    authorName: author?.realName ?? (isBot ? 'Shipgate' : (message.user ?? 'unknown')),
    isBot,
    text: message.text,
    ...(message.blocks ? { blocks: message.blocks } : {}),
    ...(message.attachments ? { attachments: message.attachments } : {}),
    ...(message.files?.length
      ? { files: message.files.flatMap((id) => toConsoleFile(standIn, id) ?? []) }
      : {}),
    ephemeral: message.ephemeralFor !== undefined,
    edited: message.edited !== undefined,
    pinned: message.pinnedBy !== undefined,
    reactions: message.reactions.map((r) => ({
      name: r.name,
      count: r.users.length,
      mine: r.users.includes(user),
    })),
    replies,
  };
}

/**
 * A channel's messages as `user` sees them: top-level ones (and thread replies also sent to the channel) oldest
 * first, each with its thread; ephemeral messages only when they are for `user`.
 */
export function consoleMessages(standIn: SlackStandIn, channel: string, user: string): ConsoleMessage[] {
  return standIn
    .messages(channel, { user })
    .filter((m) => m.threadTs === undefined || m.threadTs === m.ts || m.replyBroadcast === true)
    .map((m) => toConsoleMessage(standIn, m, user));
}

function textOf(value: unknown): string | undefined {
  const text = (value as { text?: unknown } | undefined)?.text;
  return typeof text === 'string' ? text : undefined;
}

/** The modal `user` sees (the newest open one), or null. */
export function consoleView(standIn: SlackStandIn, user: string): ConsoleView | null {
  const open = [...standIn.state.views.values()].filter(
    (v) => v.open && v.userId === user && v.type === 'modal',
  );
  const view = open.at(-1);
  if (!view) return null;
  const submit = textOf(view.body.submit);
  return {
    id: view.id,
    title: textOf(view.body.title) ?? 'Form',
    ...(submit !== undefined ? { submit } : {}),
    close: textOf(view.body.close) ?? 'Cancel',
    blocks: Array.isArray(view.body.blocks) ? view.body.blocks : [],
    errors: {},
  };
}
