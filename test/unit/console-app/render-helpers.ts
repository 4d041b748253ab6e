import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { Blocks } from '../../../src/console/app/render/blocks.js';
import { Mrkdwn } from '../../../src/console/app/render/mrkdwn.js';
import type { BlockAction, RenderContext } from '../../../src/console/app/render/render-context.js';

/** Names the renderer tests know: alice, and #deploys. Dates render in UTC, `now` is fixed. */
export const TEST_CONTEXT: RenderContext = {
  userName: (id) => (id === 'U0ALICE' ? 'alice' : undefined),
  channelName: (id) => (id === 'C0DEPLOYS' ? 'deploys' : undefined),
  timeZone: 'UTC',
  now: () => Date.UTC(2026, 2, 10, 12, 0, 0),
};

/** Renders blocks to HTML with the test context (and an action sink, so controls are enabled). */
export function renderBlocks(blocks: unknown[], options: { form?: boolean } = {}): string {
  const actions: BlockAction[] = [];
  const ctx = { ...TEST_CONTEXT, onAction: (a: BlockAction) => void actions.push(a) };
  return renderToString(h(Blocks, { blocks, ctx, form: options.form ?? false }));
}

/** Renders one mrkdwn string to HTML with the test context. */
export function renderMrkdwn(text: string): string {
  return renderToString(h(Mrkdwn, { text, ctx: TEST_CONTEXT }));
}
