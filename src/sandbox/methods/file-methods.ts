import { isObject } from '../block-kit-problems.js';
import { isContent, readMessageContent } from '../message-content.js';
import { fail, failWithMessages, jsonArg, type MethodHandler, ok, str } from '../method-kit.js';
import { renderFile } from '../slack-objects.js';

/** Path prefix of the upload URLs the stand-in hands out (Slack's are `https://files.slack.com/upload/v1/...`). */
export const UPLOAD_PATH = '/upload/v1/';

const getUploadUrl: MethodHandler = (args, ctx) => {
  const length = Number(str(args, 'length'));
  if (!Number.isInteger(length) || length < 1) return fail('missing_argument');
  const altText = str(args, 'alt_txt') ?? str(args, 'alt_text');
  if (altText !== undefined && altText.length > 1000) return fail('alt_txt_too_large');
  const filename = str(args, 'filename') ?? '';
  const id = ctx.state.nextId('F');
  ctx.state.files.set(id, {
    id,
    filename,
    length,
    user: ctx.caller,
    created: ctx.state.nowSec(),
    title: filename,
    completed: false,
    channels: [],
  });
  return ok({ upload_url: `${ctx.baseUrl}${UPLOAD_PATH}${id}`, file_id: id });
};

const completeUpload: MethodHandler = (args, ctx) => {
  const { state } = ctx;
  const parsed = jsonArg(args, 'files');
  if (parsed.invalid || !Array.isArray(parsed.value) || parsed.value.length === 0) {
    return failWithMessages('invalid_arguments', ['invalid `files`']);
  }
  const entries = parsed.value.filter(isObject);
  const files = entries.map((entry) => state.files.get(String(entry.id)));
  if (entries.length !== parsed.value.length || files.some((f) => !f || f.content === undefined)) {
    return fail('file_not_found');
  }
  const channelRefs = [str(args, 'channel_id'), ...(str(args, 'channels') ?? '').split(',')].filter(
    (c): c is string => Boolean(c),
  );
  if (channelRefs.length > 100) return fail('channels_limit_exceeded');
  const channels = channelRefs.map((ref) => state.findChannel(ref));
  for (const channel of channels) {
    if (!channel) return fail('channel_not_found');
    if (channel.isArchived) return fail('posting_to_channel_denied');
    if (channel.isPrivate && !channel.members.has(ctx.caller)) return fail('not_in_channel');
  }
  const comment = str(args, 'initial_comment');
  const read = readMessageContent(comment ? { text: comment } : { blocks: args.blocks }, ctx.errors, false);
  if (!isContent(read)) return read;
  entries.forEach((entry, i) => {
    const file = files[i];
    if (!file) return;
    if (typeof entry.title === 'string') file.title = entry.title;
    file.completed = true;
    file.channels.push(...channels.flatMap((c) => (c ? [c.id] : [])));
  });
  const threadTs = str(args, 'thread_ts');
  for (const channel of channels) {
    if (!channel) continue;
    state.storeMessage({
      channel: channel.id,
      ts: state.nextTs(),
      user: ctx.caller,
      botId: state.identity.botId,
      appId: state.identity.appId,
      ...read.content,
      text: read.content.text ?? '',
      files: files.flatMap((f) => (f ? [f.id] : [])),
      ...(threadTs ? { threadTs } : {}),
      reactions: [],
      via: 'api',
    });
  }
  return ok({ files: files.flatMap((f) => (f ? [renderFile(state, f.id)] : [])) });
};

/** files.getUploadURLExternal and files.completeUploadExternal (the pair behind web-api's filesUploadV2). */
export const fileMethods: Readonly<Record<string, MethodHandler>> = {
  'files.getUploadURLExternal': getUploadUrl,
  'files.completeUploadExternal': completeUpload,
};
