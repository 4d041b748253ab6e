import { fail, type MethodHandler, ok, str } from '../method-kit.js';

/** Emoji names as Slack accepts them: lowercase letters, digits, `_`, `-`, `+`, `'`, optional skin tone. */
const EMOJI_NAME = /^[a-z0-9_+'-]+(::skin-tone-[2-6])?$/;

const pinsAdd: MethodHandler = (args, ctx) => {
  const channel = ctx.state.findChannel(str(args, 'channel') ?? '');
  if (!channel) return fail('channel_not_found');
  const ts = str(args, 'timestamp');
  if (!ts) return fail('no_item_specified');
  if (!/^\d+\.\d+$/.test(ts)) return fail('bad_timestamp');
  if (!channel.members.has(ctx.caller)) return fail('not_in_channel');
  const message = ctx.state.message(channel.id, ts);
  if (!message || message.ephemeralFor) return fail('message_not_found');
  if (message.pinnedBy) return fail('already_pinned');
  message.pinnedBy = ctx.caller;
  return ok();
};

const bookmarksAdd: MethodHandler = (args, ctx) => {
  const channel = ctx.state.findChannel(str(args, 'channel_id') ?? '');
  if (!channel) return fail('channel_not_found');
  const type = str(args, 'type');
  if (type !== 'link') return fail('invalid_bookmark_type');
  const link = str(args, 'link') ?? '';
  if (!/^https?:\/\/\S+$/.test(link)) return fail('invalid_link');
  const emoji = str(args, 'emoji');
  if (emoji !== undefined && !/^:[a-z0-9_+'-]+:$/.test(emoji)) return fail('invalid_emoji');
  const now = ctx.state.nowSec();
  const bookmark = {
    id: ctx.state.nextId('Bk'),
    channelId: channel.id,
    title: str(args, 'title') ?? '',
    link,
    type,
    created: now,
    ...(emoji ? { emoji } : {}),
  };
  ctx.state.bookmarks.push(bookmark);
  return ok({
    bookmark: {
      id: bookmark.id,
      channel_id: channel.id,
      title: bookmark.title,
      link,
      emoji: emoji ?? null,
      icon_url: null,
      type,
      entity_id: null,
      date_created: now,
      date_updated: 0,
      rank: String.fromCharCode(97 + (ctx.state.bookmarks.length % 26)),
      last_updated_by_user_id: ctx.caller,
      last_updated_by_team_id: ctx.state.identity.teamId,
      shortcut_id: null,
      app_id: null,
    },
  });
};

const reactionsAdd: MethodHandler = (args, ctx) => {
  const channel = ctx.state.findChannel(str(args, 'channel') ?? '');
  if (!channel) return fail('channel_not_found');
  if (channel.isArchived) return fail('is_archived');
  const ts = str(args, 'timestamp') ?? '';
  if (!/^\d+\.\d+$/.test(ts)) return fail('bad_timestamp');
  const name = (str(args, 'name') ?? '').replace(/^:|:$/g, '');
  if (!EMOJI_NAME.test(name)) return fail('invalid_name');
  const message = ctx.state.message(channel.id, ts);
  if (!message || message.ephemeralFor) return fail('message_not_found');
  const reaction = message.reactions.find((r) => r.name === name);
  if (reaction?.users.includes(ctx.caller)) return fail('already_reacted');
  if (reaction) reaction.users.push(ctx.caller);
  else message.reactions.push({ name, users: [ctx.caller] });
  return ok();
};

/** pins.add, bookmarks.add, reactions.add. */
export const itemMethods: Readonly<Record<string, MethodHandler>> = {
  'pins.add': pinsAdd,
  'bookmarks.add': bookmarksAdd,
  'reactions.add': reactionsAdd,
};
