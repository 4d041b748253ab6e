import { type FoundElement, interactiveElements } from './block-search.js';
import type { BotInteractions } from './bot-interactions.js';
import { type QuietOptions, type SayTranscript, transcribeInteraction } from './say-transcript.js';
import { requireUser } from './workspace-lookup.js';
import type { WorkspaceState } from './workspace-state.js';
import type { StoredMessage } from './workspace-types.js';

/** A click as the CLI asks for it: who clicks, the button's value (e.g. a deploy id), and optionally which button. */
export interface ClickByValueInput {
  readonly user: string;
  readonly value: string;
  /** An action_id, or its last dot-separated part (`approve` picks `deploy.approve`). */
  readonly action?: string;
  /** Silence (ms) that counts as the bot having gone quiet, instead of the stand-in's default. */
  readonly quietMs?: number;
}

/** A button on a stored message. */
interface PostedButton {
  readonly message: StoredMessage;
  readonly found: FoundElement;
}

/** `1700000000.000123` → comparable bigint, so timestamps order exactly. */
function tsKey(ts: string): bigint {
  const [sec = '0', micros = '0'] = ts.split('.');
  return BigInt(sec) * 1_000_000n + BigInt(micros.padEnd(6, '0').slice(0, 6));
}

/** Every button whose value is `value` on a non-ephemeral message, newest message first. */
function buttonsWithValue(state: WorkspaceState, value: string): PostedButton[] {
  const messages = state
    .allMessages()
    .filter((m) => m.ephemeralFor === undefined)
    .sort((a, b) => (tsKey(b.ts) > tsKey(a.ts) ? 1 : tsKey(b.ts) < tsKey(a.ts) ? -1 : 0));
  return messages.flatMap((message) =>
    interactiveElements(message.blocks)
      .filter((f) => f.element.type === 'button' && f.element.value === value)
      .map((found) => ({ message, found })),
  );
}

function matchesAction(actionId: unknown, action: string | undefined): boolean {
  if (action === undefined) return true;
  return typeof actionId === 'string' && (actionId === action || actionId.endsWith(`.${action}`));
}

function describe(buttons: readonly PostedButton[]): string {
  const names = buttons.map(({ found }) => {
    const text = (found.element.text as { text?: unknown } | undefined)?.text;
    return `${String(found.element.action_id)}${typeof text === 'string' ? ` (${text})` : ''}`;
  });
  return [...new Set(names)].join(', ');
}

/**
 * Picks the button to click: on the most recent non-ephemeral message (any channel) holding a button with this
 * value, the one whose action_id matches `action`. Throws a message for the user when there is none, listing
 * the buttons that do carry the value, or when several match and `action` is needed to tell them apart.
 */
export function findButtonByValue(state: WorkspaceState, value: string, action?: string): PostedButton {
  const all = buttonsWithValue(state, value);
  if (all.length === 0) throw new Error(`no message has a button with value ${value} (none to click)`);
  const matching = all.filter((b) => matchesAction(b.found.element.action_id, action));
  const newest = matching[0];
  if (!newest) {
    throw new Error(`no ${action} button with value ${value}; buttons with that value: ${describe(all)}`);
  }
  const onNewest = matching.filter((b) => b.message === newest.message);
  if (onNewest.length > 1) {
    throw new Error(
      `several buttons have value ${value}: ${describe(onNewest)}; name the one to click, e.g. ${String(onNewest[0]?.found.element.action_id).split('.').at(-1)}`,
    );
  }
  return newest;
}

/**
 * Clicks, as `user`, the button found by `findButtonByValue` through the ordinary click path (a signed
 * `block_actions` payload built from the posted blocks) and returns what the user saw once the bot went quiet.
 */
export async function clickByValue(
  state: WorkspaceState,
  interactions: BotInteractions,
  input: ClickByValueInput,
  quiet: QuietOptions,
): Promise<SayTranscript> {
  const user = requireUser(state, input.user);
  const { message, found } = findButtonByValue(state, input.value, input.action);
  return transcribeInteraction(state, user, quiet, () =>
    interactions.clickButton({
      user: user.id,
      channel: message.channel,
      ts: message.ts,
      actionId: String(found.element.action_id),
    }),
  );
}
