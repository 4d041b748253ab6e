import { withSlackIds } from './block-ids.js';
import { checkView } from './block-kit-limits.js';
import { isObject } from './block-kit-problems.js';
import { createView, replaceView } from './methods/view-methods.js';
import type { WorkspaceState } from './workspace-state.js';
import type { StoredView } from './workspace-types.js';

function checkedView(view: unknown): Record<string, unknown> {
  const problems = checkView(view);
  if (problems.length > 0 || !isObject(view))
    throw new Error(`the bot answered with an invalid view:\n${problems.join('\n')}`);
  return { ...view, blocks: withSlackIds(view.blocks as unknown[]) };
}

/**
 * Applies a view_submission ack as Slack does and returns the view the user now sees (undefined when none):
 * `errors` keeps the view open; `update` replaces it; `push` stacks a new one on it; `clear` closes the whole
 * stack; an empty ack closes the submitted view. An invalid view in the ack throws (Slack would show an error).
 */
export function applyViewAck(state: WorkspaceState, view: StoredView, ack: unknown): StoredView | undefined {
  const action = isObject(ack) ? ack.response_action : undefined;
  if (action === 'errors') return view;
  if (action === 'update' && isObject(ack)) {
    replaceView(state, view, checkedView(ack.view));
    return view;
  }
  if (action === 'push' && isObject(ack)) return createView(state, view.userId, checkedView(ack.view), view);
  if (action === 'clear') {
    for (const other of state.views.values()) if (other.rootViewId === view.rootViewId) other.open = false;
    return undefined;
  }
  view.open = false;
  const previous = view.previousViewId ? state.views.get(view.previousViewId) : undefined;
  return previous?.open ? previous : undefined;
}
