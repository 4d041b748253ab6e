import { withSlackIds } from '../block-ids.js';
import { checkView } from '../block-kit-limits.js';
import { isObject } from '../block-kit-problems.js';
import {
  type ApiResult,
  type Args,
  fail,
  failWithMessages,
  jsonArg,
  type MethodHandler,
  ok,
  str,
} from '../method-kit.js';
import { renderView } from '../slack-objects.js';
import type { WorkspaceState } from '../workspace-state.js';
import type { JsonObject, StoredView } from '../workspace-types.js';

/** Largest view Slack accepts, in bytes of JSON. */
export const MAX_VIEW_BYTES = 250 * 1024;

/** Reads and checks the `view` argument: a valid view object, or the Slack error for it. */
function readView(args: Args, type?: 'modal' | 'home'): { view: JsonObject } | { error: ApiResult } {
  const parsed = jsonArg(args, 'view');
  if (parsed.invalid || !isObject(parsed.value))
    return { error: failWithMessages('invalid_arguments', ['invalid `view`']) };
  const view = parsed.value;
  if (JSON.stringify(view).length > MAX_VIEW_BYTES) return { error: fail('view_too_large') };
  const problems = checkView(view);
  if (type !== undefined && view.type !== type)
    problems.push(`[ERROR] must be ${type} [json-pointer:/view/type]`);
  if (problems.length > 0) return { error: failWithMessages('invalid_arguments', problems) };
  return { view: { ...view, blocks: withSlackIds(view.blocks as unknown[]) } };
}

function externalIdTaken(state: WorkspaceState, externalId: unknown, except?: string): boolean {
  if (typeof externalId !== 'string' || externalId === '') return false;
  return [...state.views.values()].some((v) => v.externalId === externalId && v.id !== except);
}

/** Stores a new view for `userId`; `parent` makes it a pushed view on top of that view's stack. */
export function createView(
  state: WorkspaceState,
  userId: string,
  body: JsonObject,
  parent?: StoredView,
): StoredView {
  const id = state.nextId('V');
  const view: StoredView = {
    id,
    userId,
    type: typeof body.type === 'string' ? body.type : 'modal',
    rootViewId: parent?.rootViewId ?? id,
    previousViewId: parent?.id ?? null,
    hash: `${state.nowSec()}.${id.slice(-6)}`,
    externalId: typeof body.external_id === 'string' ? body.external_id : '',
    body,
    open: true,
  };
  state.views.set(id, view);
  return view;
}

/** Replaces a view's content and gives it a new hash, as views.update and `response_action: update` do. */
export function replaceView(state: WorkspaceState, view: StoredView, body: JsonObject): void {
  view.body = body;
  view.externalId = typeof body.external_id === 'string' ? body.external_id : view.externalId;
  view.hash = `${state.nowSec()}.${state.nextId('h').slice(-6)}`;
}

const open: MethodHandler = (args, ctx) => {
  const read = readView(args, 'modal');
  if ('error' in read) return read.error;
  const trigger = str(args, 'trigger_id') ?? str(args, 'interactivity_pointer');
  if (!trigger) return fail('invalid_trigger_id');
  if (externalIdTaken(ctx.state, read.view.external_id)) return fail('duplicate_external_id');
  const spent = ctx.state.consumeTrigger(trigger);
  if ('error' in spent) return fail(spent.error);
  const view = createView(ctx.state, spent.user, read.view);
  return ok({ view: renderView(ctx.state, view) });
};

const update: MethodHandler = (args, ctx) => {
  const read = readView(args);
  if ('error' in read) return read.error;
  const viewId = str(args, 'view_id');
  const externalId = str(args, 'external_id');
  if (!viewId && !externalId)
    return failWithMessages('invalid_arguments', ['must provide view_id or external_id']);
  const view = viewId
    ? ctx.state.views.get(viewId)
    : [...ctx.state.views.values()].find((v) => v.externalId === externalId);
  if (!view?.open) return fail('not_found');
  if (read.view.type !== view.type)
    return failWithMessages('invalid_arguments', [`view type must stay ${view.type}`]);
  const hash = str(args, 'hash');
  if (hash !== undefined && hash !== view.hash) return fail('hash_conflict');
  if (externalIdTaken(ctx.state, read.view.external_id, view.id)) return fail('duplicate_external_id');
  replaceView(ctx.state, view, read.view);
  return ok({ view: renderView(ctx.state, view) });
};

const publish: MethodHandler = (args, ctx) => {
  const read = readView(args, 'home');
  if ('error' in read) return read.error;
  const userId = str(args, 'user_id') ?? '';
  if (!ctx.state.users.has(userId)) return failWithMessages('invalid_arguments', ['invalid `user_id`']);
  const existing = [...ctx.state.views.values()].find((v) => v.type === 'home' && v.userId === userId);
  const hash = str(args, 'hash');
  if (existing && hash !== undefined && hash !== existing.hash) return fail('hash_conflict');
  if (externalIdTaken(ctx.state, read.view.external_id, existing?.id)) return fail('duplicate_external_id');
  const view = existing ?? createView(ctx.state, userId, read.view);
  if (existing) replaceView(ctx.state, existing, read.view);
  return ok({ view: renderView(ctx.state, view) });
};

/** views.open, views.update, views.publish. */
export const viewMethods: Readonly<Record<string, MethodHandler>> = {
  'views.open': open,
  'views.update': update,
  'views.publish': publish,
};
