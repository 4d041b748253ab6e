import { createHash } from 'node:crypto';
import { elementsOf } from './block-kit-elements.js';
import { isObject } from './block-kit-problems.js';

function shortId(seed: string): string {
  return createHash('sha256').update(seed).digest('base64url').slice(0, 5);
}

/**
 * Returns the blocks as Slack stores them: every block gets a `block_id` and every interactive element an
 * `action_id` when the bot left them out (Slack generates short random ones; these are derived from the content,
 * so they are stable across runs). Blocks are copied, never changed in place.
 */
export function withSlackIds(blocks: readonly unknown[]): unknown[] {
  return blocks.map((block, i) => {
    if (!isObject(block)) return block;
    const copy: Record<string, unknown> = structuredClone(block);
    if (copy.block_id === undefined) copy.block_id = shortId(`${i}:${JSON.stringify(block)}`);
    elementsOf(copy).forEach(({ element }, j) => {
      if (isObject(element) && element.action_id === undefined && element.type !== 'image') {
        element.action_id = shortId(`${i}.${j}:${JSON.stringify(element)}`);
      }
    });
    return copy;
  });
}
