import type { WorkspaceState } from './workspace-state.js';
import type {
  JsonObject,
  SandboxChannel,
  SandboxUser,
  StoredMessage,
  StoredView,
} from './workspace-types.js';

/** A channel as conversations.info/create return it, seen by `viewer` (for `is_member`). */
export function renderChannel(state: WorkspaceState, channel: SandboxChannel, viewer: string): JsonObject {
  return {
    id: channel.id,
    name: channel.name,
    name_normalized: channel.name,
    is_channel: !channel.isIm && !channel.isPrivate,
    is_group: false,
    is_im: channel.isIm,
    is_mpim: false,
    is_private: channel.isPrivate,
    is_archived: channel.isArchived,
    is_general: channel.isGeneral,
    is_shared: false,
    is_ext_shared: false,
    is_org_shared: false,
    is_member: channel.members.has(viewer),
    created: channel.created,
    creator: channel.creator,
    context_team_id: state.identity.teamId,
    topic: { ...channel.topic },
    purpose: { ...channel.purpose },
    previous_names: [],
    num_members: channel.members.size,
    ...(channel.imUser ? { user: channel.imUser } : {}),
  };
}

/** A user object as users.info and users.lookupByEmail return it. */
export function renderUser(state: WorkspaceState, user: SandboxUser): JsonObject {
  return {
    id: user.id,
    team_id: state.identity.teamId,
    name: user.name,
    deleted: false,
    real_name: user.realName,
    tz: user.tz,
    is_admin: false,
    is_owner: false,
    is_bot: user.isBot,
    is_app_user: user.isAppUser,
    updated: 0,
    profile: {
      real_name: user.realName,
      display_name: user.name,
      title: user.title,
      ...(user.email ? { email: user.email } : {}),
      ...(user.botId ? { bot_id: user.botId } : {}),
      team: state.identity.teamId,
    },
  };
}

/**
 * A message as conversations.history/replies and chat.* return it, with its thread summary and reactions; `metadata`
 * only when asked for (history and replies return it with `include_all_metadata=true` only).
 */
export function renderMessage(
  state: WorkspaceState,
  m: StoredMessage,
  options: { readonly metadata?: boolean } = {},
): JsonObject {
  const replies = m.threadTs === m.ts || m.threadTs === undefined ? state.repliesTo(m.channel, m.ts) : [];
  const last = replies.at(-1);
  return {
    type: 'message',
    ts: m.ts,
    text: m.text,
    ...(m.user ? { user: m.user } : {}),
    ...(m.botId ? { bot_id: m.botId, app_id: m.appId } : {}),
    team: state.identity.teamId,
    ...(m.blocks ? { blocks: m.blocks } : {}),
    ...(m.attachments ? { attachments: m.attachments } : {}),
    ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
    ...(m.replyBroadcast ? { subtype: 'thread_broadcast' } : {}),
    ...(last
      ? {
          thread_ts: m.ts,
          reply_count: replies.length,
          reply_users: [...new Set(replies.map((r) => r.user ?? ''))],
          latest_reply: last.ts,
        }
      : {}),
    ...(m.edited ? { edited: { ...m.edited } } : {}),
    ...(m.reactions.length
      ? { reactions: m.reactions.map((r) => ({ name: r.name, users: [...r.users], count: r.users.length })) }
      : {}),
    ...(m.pinnedBy ? { pinned_to: [m.channel] } : {}),
    ...(m.files ? { files: m.files.map((id) => renderFile(state, id)), upload: true } : {}),
    ...(m.metadata && options.metadata !== false ? { metadata: m.metadata } : {}),
  };
}

/** A file object as files.completeUploadExternal and messages carry it. */
export function renderFile(state: WorkspaceState, id: string): JsonObject {
  const file = state.files.get(id);
  if (!file) return { id, mode: 'tombstone' };
  return {
    id: file.id,
    created: file.created,
    timestamp: file.created,
    name: file.filename,
    title: file.title,
    user: file.user,
    size: file.length,
    mimetype: 'application/octet-stream',
    filetype: file.filename.includes('.') ? (file.filename.split('.').pop() ?? 'binary') : 'binary',
    url_private: `https://files.slack.com/files-pri/${state.identity.teamId}-${file.id}/${file.filename}`,
    permalink: `https://${state.identity.teamDomain}.slack.com/files/${file.user}/${file.id}/${file.filename}`,
    channels: [...file.channels],
    is_public: file.channels.length > 0,
  };
}

/** A view object as views.open/update/publish return it and interaction payloads carry it. */
export function renderView(state: WorkspaceState, view: StoredView, values: JsonObject = {}): JsonObject {
  const body = view.body;
  return {
    id: view.id,
    team_id: state.identity.teamId,
    type: view.type,
    blocks: body.blocks ?? [],
    private_metadata: body.private_metadata ?? '',
    callback_id: body.callback_id ?? '',
    state: { values },
    hash: view.hash,
    title: body.title ?? null,
    clear_on_close: body.clear_on_close ?? false,
    notify_on_close: body.notify_on_close ?? false,
    close: body.close ?? null,
    submit: body.submit ?? null,
    previous_view_id: view.previousViewId,
    root_view_id: view.rootViewId,
    app_id: state.identity.appId,
    external_id: view.externalId,
    app_installed_team_id: state.identity.teamId,
    bot_id: state.identity.botId,
  };
}
