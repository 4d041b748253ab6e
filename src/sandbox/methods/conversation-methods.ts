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
import { renderChannel, renderMessage } from '../slack-objects.js';
import type { SandboxChannel } from '../workspace-types.js';

/** Longest topic or purpose Slack accepts. */
export const MAX_TOPIC = 250;

/** Checks a conversations.create name: lowercase letters, digits, `-`, `_`, at most 80 characters. */
export function channelNameError(name: string): string | undefined {
  if (name.length === 0) return 'invalid_name_required';
  if (name.length > 80) return 'invalid_name_maxlength';
  if (!/^[a-z0-9_-]+$/.test(name)) return 'invalid_name_specials';
  if (/^[-_]+$/.test(name)) return 'invalid_name_punctuation';
  return undefined;
}

function channelArg(args: Args, ctx: MethodContext): SandboxChannel | ApiResult {
  return ctx.state.findChannel(str(args, 'channel') ?? '') ?? fail('channel_not_found');
}

function isChannel(value: SandboxChannel | ApiResult): value is SandboxChannel {
  return 'members' in value;
}

const create: MethodHandler = (args, ctx) => {
  const name = str(args, 'name') ?? '';
  const nameError = channelNameError(name);
  if (nameError) return fail(nameError);
  for (const channel of ctx.state.channels.values()) if (channel.name === name) return fail('name_taken');
  const channel = ctx.state.addChannel({ name, isPrivate: bool(args, 'is_private'), members: [ctx.caller] });
  return ok({ channel: renderChannel(ctx.state, channel, ctx.caller) });
};

const invite: MethodHandler = (args, ctx) => {
  const channel = channelArg(args, ctx);
  if (!isChannel(channel)) return channel;
  if (channel.isArchived) return fail('is_archived');
  if (!channel.members.has(ctx.caller)) return fail('not_in_channel');
  const users = (str(args, 'users') ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  if (users.length === 0) return fail('no_user');
  for (const user of users) {
    if (user === ctx.caller) return fail('cant_invite_self');
    if (!ctx.state.users.has(user)) return fail('user_not_found');
    if (channel.members.has(user)) return fail('already_in_channel');
  }
  for (const user of users) channel.members.add(user);
  return ok({ channel: renderChannel(ctx.state, channel, ctx.caller) });
};

function setText(field: 'topic' | 'purpose'): MethodHandler {
  return (args, ctx) => {
    const channel = channelArg(args, ctx);
    if (!isChannel(channel)) return channel;
    if (channel.isArchived) return fail('is_archived');
    if (!channel.members.has(ctx.caller)) return fail('not_in_channel');
    const value = str(args, field) ?? '';
    if (value.length > MAX_TOPIC) return fail('too_long');
    channel[field] = { value, creator: ctx.caller, last_set: ctx.state.nowSec() };
    return ok({ channel: renderChannel(ctx.state, channel, ctx.caller) });
  };
}

const join: MethodHandler = (args, ctx) => {
  const channel = channelArg(args, ctx);
  if (!isChannel(channel)) return channel;
  if (channel.isPrivate || channel.isIm) return fail('method_not_supported_for_channel_type');
  if (channel.isArchived) return fail('is_archived');
  const already = channel.members.has(ctx.caller);
  channel.members.add(ctx.caller);
  const warning = already
    ? { warning: 'already_in_channel', response_metadata: { warnings: ['already_in_channel'] } }
    : {};
  return ok({ channel: renderChannel(ctx.state, channel, ctx.caller), ...warning });
};

const info: MethodHandler = (args, ctx) => {
  const channel = channelArg(args, ctx);
  if (!isChannel(channel)) return channel;
  if (channel.isPrivate && !channel.members.has(ctx.caller)) return fail('channel_not_found');
  return ok({ channel: renderChannel(ctx.state, channel, ctx.caller) });
};

const archive: MethodHandler = (args, ctx) => {
  const channel = channelArg(args, ctx);
  if (!isChannel(channel)) return channel;
  if (channel.isArchived) return fail('already_archived');
  if (channel.isGeneral) return fail('cant_archive_general');
  if (channel.isIm) return fail('method_not_supported_for_channel_type');
  if (!channel.members.has(ctx.caller)) return fail('not_in_channel');
  channel.isArchived = true;
  return ok();
};

/** A message timestamp as whole microseconds, so `1700000000.000123` compares exactly. */
export function tsMicros(ts: string): number {
  const [sec = '0', frac = ''] = ts.split('.');
  return Number(sec) * 1e6 + Number(frac.padEnd(6, '0').slice(0, 6));
}

/** Applies Slack's `oldest`/`latest`/`inclusive`/`limit`/`cursor` paging to messages sorted oldest first. */
function page<T extends { ts: string }>(args: Args, messages: readonly T[], newestFirst: boolean) {
  const oldest = tsMicros(str(args, 'oldest') ?? '0');
  const latestArg = str(args, 'latest');
  const latest = latestArg === undefined ? Number.POSITIVE_INFINITY : tsMicros(latestArg);
  const inclusive = bool(args, 'inclusive');
  let list = messages.filter((m) => {
    const ts = tsMicros(m.ts);
    return inclusive ? ts >= oldest && ts <= latest : ts > oldest && ts < latest;
  });
  if (newestFirst) list = list.reverse();
  const cursor = str(args, 'cursor');
  const start = cursor ? Number(Buffer.from(cursor, 'base64').toString('utf8').replace('offset:', '')) : 0;
  if (!Number.isInteger(start) || start < 0) return { invalidCursor: true as const };
  const limit = Math.min(Math.max(Number(str(args, 'limit') ?? '100') || 100, 1), 999);
  const slice = list.slice(start, start + limit);
  const more = start + limit < list.length;
  const next = more ? Buffer.from(`offset:${start + limit}`).toString('base64') : '';
  return { slice, more, next };
}

const history: MethodHandler = (args, ctx) => {
  const channel = channelArg(args, ctx);
  if (!isChannel(channel)) return channel;
  if (!channel.members.has(ctx.caller)) return fail('not_in_channel');
  const visible = ctx.state
    .messagesIn(channel.id)
    .filter((m) => !m.ephemeralFor && (!m.threadTs || m.threadTs === m.ts || m.replyBroadcast));
  const paged = page(args, visible, true);
  if ('invalidCursor' in paged) return fail('invalid_cursor');
  const metadata = bool(args, 'include_all_metadata');
  return ok({
    messages: paged.slice.map((m) => renderMessage(ctx.state, m, { metadata })),
    has_more: paged.more,
    pin_count: visible.filter((m) => m.pinnedBy).length,
    response_metadata: { next_cursor: paged.next },
  });
};

const replies: MethodHandler = (args, ctx) => {
  const channel = channelArg(args, ctx);
  if (!isChannel(channel)) return channel;
  const parent = ctx.state.message(channel.id, str(args, 'ts') ?? '');
  if (!parent || parent.ephemeralFor) return fail('thread_not_found');
  const root =
    parent.threadTs && parent.threadTs !== parent.ts
      ? ctx.state.message(channel.id, parent.threadTs)
      : parent;
  if (!root) return fail('thread_not_found');
  const thread = [root, ...ctx.state.repliesTo(channel.id, root.ts)];
  const paged = page(args, thread, false);
  if ('invalidCursor' in paged) return fail('invalid_cursor');
  const metadata = bool(args, 'include_all_metadata');
  return ok({
    messages: paged.slice.map((m) => renderMessage(ctx.state, m, { metadata })),
    has_more: paged.more,
    response_metadata: { next_cursor: paged.next },
  });
};

/** conversations.create/invite/setTopic/setPurpose/join/info/archive/history/replies. */
export const conversationMethods: Readonly<Record<string, MethodHandler>> = {
  'conversations.create': create,
  'conversations.invite': invite,
  'conversations.setTopic': setText('topic'),
  'conversations.setPurpose': setText('purpose'),
  'conversations.join': join,
  'conversations.info': info,
  'conversations.archive': archive,
  'conversations.history': history,
  'conversations.replies': replies,
};
