import { fail, type MethodHandler, ok, str } from '../method-kit.js';
import { renderChannel } from '../slack-objects.js';

const DEFAULT_LIMIT = 100;

function offsetOf(cursor: string | undefined): number | undefined {
  if (!cursor) return 0;
  const start = Number(Buffer.from(cursor, 'base64').toString('utf8').replace('offset:', ''));
  return Number.isInteger(start) && start >= 0 ? start : undefined;
}

function pageOf<T>(items: readonly T[], cursorArg: string | undefined, limitArg: string | undefined) {
  const start = offsetOf(cursorArg);
  if (start === undefined) return undefined;
  const limit = Math.min(Math.max(Number(limitArg ?? DEFAULT_LIMIT) || DEFAULT_LIMIT, 1), 1000);
  const slice = items.slice(start, start + limit);
  const next = start + limit < items.length ? Buffer.from(`offset:${start + limit}`).toString('base64') : '';
  return { slice, next };
}

/** conversations.members: who is in a channel the caller can see (a private one only for its members), paged. */
const members: MethodHandler = (args, ctx) => {
  const channel = ctx.state.findChannel(str(args, 'channel') ?? '');
  if (!channel || (channel.isPrivate && !channel.members.has(ctx.caller))) return fail('channel_not_found');
  const paged = pageOf([...channel.members], str(args, 'cursor'), str(args, 'limit'));
  if (!paged) return fail('invalid_cursor');
  return ok({ members: paged.slice, response_metadata: { next_cursor: paged.next } });
};

/**
 * conversations.list: the channels the caller can see (public ones, and private ones it is in), optionally without
 * archived ones, paged.
 */
const list: MethodHandler = (args, ctx) => {
  const types = (str(args, 'types') ?? 'public_channel').split(',').map((t) => t.trim());
  const excludeArchived = str(args, 'exclude_archived') === 'true' || str(args, 'exclude_archived') === '1';
  const visible = [...ctx.state.channels.values()].filter(
    (c) =>
      !c.isIm &&
      (c.isPrivate
        ? types.includes('private_channel') && c.members.has(ctx.caller)
        : types.includes('public_channel')) &&
      !(excludeArchived && c.isArchived),
  );
  const paged = pageOf(visible, str(args, 'cursor'), str(args, 'limit'));
  if (!paged) return fail('invalid_cursor');
  return ok({
    channels: paged.slice.map((c) => renderChannel(ctx.state, c, ctx.caller)),
    response_metadata: { next_cursor: paged.next },
  });
};

/** conversations.members and conversations.list. */
export const conversationDirectoryMethods: Readonly<Record<string, MethodHandler>> = {
  'conversations.members': members,
  'conversations.list': list,
};
