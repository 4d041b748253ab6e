import { isContent, MAX_TEXT, readMessageContent } from '../message-content.js';
import {
  type ApiResult,
  type Args,
  bool,
  fail,
  type MethodContext,
  type MethodHandler,
  ok,
  str,
} from '../method-kit.js';
import { renderMessage } from '../slack-objects.js';
import type { SandboxChannel } from '../workspace-types.js';

/** Finds a channel the bot may post in: public channels (chat:write.public) or ones it is a member of. */
export function postableChannel(args: Args, ctx: MethodContext, key = 'channel'): SandboxChannel | ApiResult {
  const channel = ctx.state.findChannel(str(args, key) ?? '');
  if (!channel) return fail('channel_not_found');
  if (channel.isArchived) return fail('is_archived');
  if (channel.isPrivate && !channel.members.has(ctx.caller)) return fail('not_in_channel');
  return channel;
}

/** Tells a channel from an error answer. */
export function isChannel(value: SandboxChannel | ApiResult): value is SandboxChannel {
  return 'members' in value;
}

const postMessage: MethodHandler = (args, ctx) => {
  const channel = postableChannel(args, ctx);
  if (!isChannel(channel)) return channel;
  const read = readMessageContent(args, ctx.errors, true);
  if (!isContent(read)) return read;
  const { state } = ctx;
  const threadTs = str(args, 'thread_ts');
  const message = state.storeMessage({
    channel: channel.id,
    ts: state.nextTs(),
    user: ctx.caller,
    botId: state.identity.botId,
    appId: state.identity.appId,
    ...read.content,
    text: (read.content.text ?? '').slice(0, MAX_TEXT),
    ...(threadTs ? { threadTs } : {}),
    ...(threadTs && bool(args, 'reply_broadcast') ? { replyBroadcast: true } : {}),
    reactions: [],
    via: 'api',
  });
  return ok({ channel: channel.id, ts: message.ts, message: renderMessage(state, message) });
};

const postEphemeral: MethodHandler = (args, ctx) => {
  const channel = postableChannel(args, ctx);
  if (!isChannel(channel)) return channel;
  const user = str(args, 'user') ?? '';
  if (!channel.members.has(user)) return fail('user_not_in_channel');
  const read = readMessageContent(args, ctx.errors, true);
  if (!isContent(read)) return read;
  if ((read.content.text ?? '').length > MAX_TEXT) return fail('msg_too_long');
  const { state } = ctx;
  const threadTs = str(args, 'thread_ts');
  const message = state.storeMessage({
    channel: channel.id,
    ts: state.nextTs(),
    user: ctx.caller,
    botId: state.identity.botId,
    appId: state.identity.appId,
    ...read.content,
    text: read.content.text ?? '',
    ...(threadTs ? { threadTs } : {}),
    ephemeralFor: user,
    reactions: [],
    via: 'api',
  });
  return ok({ message_ts: message.ts });
};

const update: MethodHandler = (args, ctx) => {
  const { state } = ctx;
  const channel = state.findChannel(str(args, 'channel') ?? '');
  if (!channel) return fail('channel_not_found');
  const message = state.message(channel.id, str(args, 'ts') ?? '');
  if (!message || message.ephemeralFor) return fail('message_not_found');
  if (message.botId !== state.identity.botId) return fail('cant_update_message');
  const read = readMessageContent(args, ctx.errors, false);
  if (!isContent(read)) return read;
  const { content } = read;
  if (content.text === undefined && content.blocks === undefined && content.attachments === undefined) {
    return fail('no_text');
  }
  if ((content.text ?? '').length > MAX_TEXT) return fail('msg_too_long');
  if (content.text !== undefined) message.text = content.text;
  if (content.blocks !== undefined) message.blocks = content.blocks;
  if (content.attachments !== undefined) message.attachments = content.attachments;
  if (content.metadata !== undefined) message.metadata = content.metadata;
  message.edited = { user: ctx.caller, ts: state.nextTs() };
  return ok({
    channel: channel.id,
    ts: message.ts,
    text: message.text,
    message: renderMessage(state, message),
  });
};

const getPermalink: MethodHandler = (args, ctx) => {
  const { state } = ctx;
  const channel = state.findChannel(str(args, 'channel') ?? '');
  if (!channel) return fail('channel_not_found');
  const message = state.message(channel.id, str(args, 'message_ts') ?? '');
  if (!message) return fail('message_not_found');
  const base = `https://${state.identity.teamDomain}.slack.com/archives/${channel.id}/p${message.ts.replace('.', '')}`;
  const inThread = message.threadTs && message.threadTs !== message.ts;
  const permalink = inThread ? `${base}?thread_ts=${message.threadTs}&cid=${channel.id}` : base;
  return ok({ channel: channel.id, permalink });
};

/** chat.postMessage, chat.postEphemeral, chat.update, chat.getPermalink. */
export const chatMethods: Readonly<Record<string, MethodHandler>> = {
  'chat.postMessage': postMessage,
  'chat.postEphemeral': postEphemeral,
  'chat.update': update,
  'chat.getPermalink': getPermalink,
};
