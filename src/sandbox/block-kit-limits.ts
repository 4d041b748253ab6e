import { checkElement, elementsOf } from './block-kit-elements.js';
import { BlockKitProblems, isObject } from './block-kit-problems.js';

/** Where blocks are shown: a message allows 50 blocks, a modal or Home tab 100. */
export type BlockSurface = 'message' | 'modal' | 'home';

/** Block count limit per surface (docs.slack.dev/reference/block-kit/blocks). */
export const MAX_BLOCKS: Readonly<Record<BlockSurface, number>> = { message: 50, modal: 100, home: 100 };

const KNOWN_BLOCKS = new Set([
  'section',
  'actions',
  'context',
  'context_actions',
  'divider',
  'header',
  'image',
  'input',
  'rich_text',
  'markdown',
  'file',
  'video',
  'table',
  'call',
]);

function checkBlock(p: BlockKitProblems, block: unknown, pointer: string, blockIds: Set<string>): void {
  if (!isObject(block)) {
    p.add(pointer, 'must provide an object');
    return;
  }
  const type = block.type;
  if (typeof type !== 'string' || !KNOWN_BLOCKS.has(type)) {
    p.add(`${pointer}/type`, 'unsupported type');
    return;
  }
  if (block.block_id !== undefined) {
    if (typeof block.block_id !== 'string') p.add(`${pointer}/block_id`, 'must provide a string');
    p.maxLength(block.block_id, 255, `${pointer}/block_id`);
    if (typeof block.block_id === 'string') {
      if (blockIds.has(block.block_id)) p.add(`${pointer}/block_id`, 'must be unique');
      blockIds.add(block.block_id);
    }
  }
  if (type === 'section') {
    if (block.text === undefined && block.fields === undefined) p.add(pointer, 'must provide text or fields');
    p.text(block.text, `${pointer}/text`, { max: 3000 });
    if (block.fields !== undefined) {
      p.array(block.fields, `${pointer}/fields`, 1, 10).forEach((field, i) => {
        p.text(field, `${pointer}/fields/${i}`, { max: 2000, required: true });
      });
    }
  } else if (type === 'actions') {
    p.array(block.elements, `${pointer}/elements`, 1, 25);
  } else if (type === 'context') {
    p.array(block.elements, `${pointer}/elements`, 1, 10);
  } else if (type === 'header') {
    p.text(block.text, `${pointer}/text`, { max: 150, plainOnly: true, required: true });
  } else if (type === 'input') {
    p.text(block.label, `${pointer}/label`, { max: 2000, plainOnly: true, required: true });
    if (block.hint !== undefined) p.text(block.hint, `${pointer}/hint`, { max: 2000, plainOnly: true });
    if (block.element === undefined) p.add(`${pointer}/element`, 'must provide an object');
  } else if (type === 'image') {
    if (typeof block.alt_text !== 'string') p.add(`${pointer}/alt_text`, 'must provide a string');
    p.maxLength(block.alt_text, 2000, `${pointer}/alt_text`);
    p.maxLength(block.image_url, 3000, `${pointer}/image_url`);
  } else if (type === 'markdown') {
    if (typeof block.text !== 'string') p.add(`${pointer}/text`, 'must provide a string');
    p.maxLength(block.text, 12000, `${pointer}/text`);
  }
  const actionIds = new Set<string>();
  for (const { element, at } of elementsOf(block)) {
    checkElement(p, element, `${pointer}${at}`);
    const actionId = isObject(element) ? element.action_id : undefined;
    if (typeof actionId === 'string') {
      if (actionIds.has(actionId)) p.add(`${pointer}${at}/action_id`, 'must be unique within the block');
      actionIds.add(actionId);
    }
  }
}

/**
 * Checks a `blocks` array against Slack's Block Kit limits (50 blocks per message, 100 per view, section text
 * 3000, 25 elements per actions block, button value 2000 and text 75, ids 255, unique block_ids).
 * Returns Slack-style error lines; an empty list means the blocks are valid.
 */
export function checkBlocks(blocks: unknown, surface: BlockSurface, pointer = '/blocks'): string[] {
  const p = new BlockKitProblems();
  const list = p.array(blocks, pointer, 0, MAX_BLOCKS[surface]);
  const blockIds = new Set<string>();
  list.forEach((block, i) => {
    checkBlock(p, block, `${pointer}/${i}`, blockIds);
  });
  return p.messages;
}

/**
 * Checks a view (modal or Home tab): modal title/submit/close ≤ 24, private_metadata ≤ 3000, callback_id and
 * external_id ≤ 255, at most 100 blocks, and a submit button whenever the modal has input blocks.
 */
export function checkView(view: unknown): string[] {
  const p = new BlockKitProblems();
  if (!isObject(view)) {
    p.add('/view', 'must provide an object');
    return p.messages;
  }
  if (view.type !== 'modal' && view.type !== 'home') p.add('/view/type', 'must be one of modal, home');
  if (view.type === 'modal') {
    p.text(view.title, '/view/title', { max: 24, plainOnly: true, required: true });
    if (view.submit !== undefined) p.text(view.submit, '/view/submit', { max: 24, plainOnly: true });
    if (view.close !== undefined) p.text(view.close, '/view/close', { max: 24, plainOnly: true });
    const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isObject(b) && b.type === 'input');
    if (hasInput && view.submit === undefined)
      p.add('/view/submit', 'must provide submit when using input blocks');
  }
  p.maxLength(view.private_metadata, 3000, '/view/private_metadata');
  p.maxLength(view.callback_id, 255, '/view/callback_id');
  p.maxLength(view.external_id, 255, '/view/external_id');
  const surface: BlockSurface = view.type === 'home' ? 'home' : 'modal';
  return [...p.messages, ...checkBlocks(view.blocks, surface, '/view/blocks')];
}
