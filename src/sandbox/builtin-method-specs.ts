import type { RawMethodSpec } from './raw-method-spec.js';

const errors = (...names: string[]): Record<string, unknown> => Object.fromEntries(names.map((n) => [n, {}]));

/**
 * Specs for methods the stand-in serves that the vendored `specs/slack/methods` does not hold: the upload pair
 * used by web-api's `filesUploadV2`, and `conversations.members` / `conversations.list` (membership and channel
 * lookups). Arguments, errors and scopes written from docs.slack.dev (as scraped by slack-ruby/slack-api-ref).
 */
export const BUILTIN_METHOD_SPECS: Readonly<Record<string, RawMethodSpec>> = {
  'files.getUploadURLExternal': {
    scope: { bot: ['files:write'], user: ['files:write'] },
    http_method: 'POST',
    args: {
      required: ['token', 'length', 'filename'],
      properties: { length: { type: 'integer' }, filename: { type: 'string' }, alt_txt: { type: 'string' } },
    },
    errors: errors(
      'alt_txt_too_large',
      'file_upload_size_restricted',
      'file_uploads_disabled',
      'missing_argument',
      'snippet_too_large',
      'storage_limit_reached',
      'unknown_snippet_type',
      'unknown_subtype',
    ),
  },
  'files.completeUploadExternal': {
    scope: { bot: ['files:write'], user: ['files:write'] },
    http_method: 'POST',
    args: { required: ['token', 'files'], properties: { files: { type: 'array' } } },
    errors: errors(
      'access_denied',
      'channel_not_found',
      'file_not_found',
      'file_update_failed',
      'invalid_blocks',
      'invalid_channel',
      'not_in_channel',
      'posting_to_channel_denied',
      'channels_limit_exceeded',
    ),
  },
  'conversations.members': {
    scope: { bot: ['channels:read', 'groups:read', 'im:read', 'mpim:read'] },
    http_method: 'GET',
    args: {
      required: ['token', 'channel'],
      properties: { channel: { type: 'string' }, cursor: { type: 'string' }, limit: { type: 'integer' } },
    },
    errors: errors(
      'channel_not_found',
      'fetch_members_failed',
      'invalid_cursor',
      'invalid_limit',
      'method_not_supported_for_channel_type',
    ),
  },
  'conversations.list': {
    scope: { bot: ['channels:read', 'groups:read', 'im:read', 'mpim:read'] },
    http_method: 'GET',
    args: {
      required: ['token'],
      properties: {
        cursor: { type: 'string' },
        exclude_archived: { type: 'boolean' },
        limit: { type: 'integer' },
        team_id: { type: 'string' },
        types: { type: 'string' },
      },
    },
    errors: errors(
      'invalid_cursor',
      'invalid_limit',
      'invalid_types',
      'method_not_supported_for_channel_type',
    ),
  },
};
