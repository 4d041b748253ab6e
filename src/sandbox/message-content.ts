import { withSlackIds } from './block-ids.js';
import { checkBlocks } from './block-kit-limits.js';
import { type ApiResult, type Args, fail, failWithMessages, jsonArg, pickError, str } from './method-kit.js';

/** Longest message text Slack keeps; chat.postMessage truncates beyond it, other methods refuse. */
export const MAX_TEXT = 40000;

/** The visible parts of a message after validation. */
export interface MessageContent {
  text?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  metadata?: unknown;
}

/**
 * Reads and validates `text`, `blocks`, `attachments`, `markdown_text` and `metadata` the way chat.* methods
 * and response_url posts do: unparsable blocks → `invalid_blocks_format`, Block Kit limits → `invalid_blocks`
 * (with Slack's explanation lines), more than 100 attachments → `too_many_attachments`. `errors` is the
 * method's spec list, so each failure uses a code that method has. `requireText`: refuse with `no_text` when
 * nothing visible is given.
 */
export function readMessageContent(
  args: Args,
  errors: ReadonlySet<string>,
  requireText: boolean,
): { content: MessageContent } | ApiResult {
  const content: MessageContent = {};
  const text = str(args, 'text');
  const markdown = str(args, 'markdown_text');
  if (markdown !== undefined && (text !== undefined || args.blocks !== undefined)) {
    return fail(pickError(errors, 'markdown_text_conflict'));
  }
  const visibleText = text ?? markdown;
  if (visibleText !== undefined) content.text = visibleText;
  const blocks = jsonArg(args, 'blocks');
  if (blocks.invalid || (blocks.present && !Array.isArray(blocks.value)))
    return fail(pickError(errors, 'invalid_blocks_format', 'invalid_blocks'));
  if (blocks.present) {
    const problems = checkBlocks(blocks.value, 'message');
    if (problems.length > 0) return failWithMessages(pickError(errors, 'invalid_blocks'), problems);
    content.blocks = withSlackIds(blocks.value as unknown[]);
  }
  const attachments = jsonArg(args, 'attachments');
  if (attachments.present) {
    if (attachments.invalid || !Array.isArray(attachments.value))
      return fail(pickError(errors, 'invalid_attachments'));
    if (attachments.value.length > 100) return fail(pickError(errors, 'too_many_attachments'));
    content.attachments = attachments.value;
  }
  const metadata = jsonArg(args, 'metadata');
  if (metadata.present) {
    if (metadata.invalid) return fail(pickError(errors, 'invalid_metadata_format'));
    content.metadata = metadata.value;
  }
  const visible =
    Boolean(content.text) || Boolean(content.blocks?.length) || Boolean(content.attachments?.length);
  if (requireText && !visible) return fail(pickError(errors, 'no_text'));
  return { content };
}

/** True when `readMessageContent` produced content rather than an error. */
export function isContent(
  result: { content: MessageContent } | ApiResult,
): result is { content: MessageContent } {
  return 'content' in result;
}
