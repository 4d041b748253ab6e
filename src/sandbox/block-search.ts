import { elementsOf } from './block-kit-elements.js';
import { isObject } from './block-kit-problems.js';
import type { JsonObject } from './workspace-types.js';

/** An interactive element found in posted blocks, with the block that holds it. */
export interface FoundElement {
  readonly blockId: string;
  readonly block: JsonObject;
  readonly element: JsonObject;
}

/** Every interactive element in `blocks`, in order. Slack fills in a block_id when the bot left it out. */
export function interactiveElements(blocks: unknown): FoundElement[] {
  if (!Array.isArray(blocks)) return [];
  const found: FoundElement[] = [];
  blocks.forEach((block, i) => {
    if (!isObject(block)) return;
    const blockId = typeof block.block_id === 'string' ? block.block_id : `block-${i}`;
    for (const { element } of elementsOf(block))
      if (isObject(element)) found.push({ blockId, block, element });
  });
  return found;
}

/** The element with `actionId` in `blocks` (in the block `blockId`, when given), or undefined. */
export function findAction(blocks: unknown, actionId: string, blockId?: string): FoundElement | undefined {
  return interactiveElements(blocks).find(
    (f) => f.element.action_id === actionId && (blockId === undefined || f.blockId === blockId),
  );
}

/** The option with `value` among an element's `options` / `option_groups`; throws when there is none. */
export function findOption(element: JsonObject, value: string): JsonObject {
  const groups = Array.isArray(element.option_groups) ? element.option_groups.filter(isObject) : [];
  const options = [
    ...(Array.isArray(element.options) ? element.options : []),
    ...groups.flatMap((g) => (Array.isArray(g.options) ? g.options : [])),
  ].filter(isObject);
  const option = options.find((o) => o.value === value);
  if (!option) throw new Error(`element ${String(element.action_id)} has no option with value ${value}`);
  return { text: option.text, value: option.value };
}

/**
 * What Slack reports for an element given the user's choice: `value` for text inputs, `selected_option` for
 * selects/radios/overflow, `selected_user(s)`/`selected_conversation(s)`/`selected_channel(s)`, dates, times.
 * Lists (multi-selects, checkboxes) take an array.
 */
export function selectionFor(
  element: JsonObject,
  choice: string | readonly string[] | undefined,
): JsonObject {
  const list = choice === undefined ? [] : typeof choice === 'string' ? [choice] : [...choice];
  const one = list[0] ?? null;
  switch (element.type) {
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
    case 'overflow':
      return { selected_option: one === null ? null : findOption(element, one) };
    case 'multi_static_select':
    case 'multi_external_select':
    case 'checkboxes':
      return { selected_options: list.map((v) => findOption(element, v)) };
    case 'users_select':
      return { selected_user: one };
    case 'multi_users_select':
      return { selected_users: list };
    case 'conversations_select':
      return { selected_conversation: one };
    case 'multi_conversations_select':
      return { selected_conversations: list };
    case 'channels_select':
      return { selected_channel: one };
    case 'multi_channels_select':
      return { selected_channels: list };
    case 'datepicker':
      return { selected_date: one };
    case 'timepicker':
      return { selected_time: one };
    case 'datetimepicker':
      return { selected_date_time: one === null ? null : Number(one) };
    default:
      return { value: one };
  }
}

/** A view's input values as the user typed them: `{ [block_id]: { [action_id]: value | values } }`. */
export type ViewInput = Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;

/**
 * Builds `view.state.values` from a stored view's blocks and the user's input, as Slack does: every input
 * element appears (empty ones with null values). Throws when the input names a block or action the view does
 * not have, or leaves a required (non-optional) input empty — Slack's client would not let the user submit.
 */
export function buildStateValues(
  blocks: unknown,
  input: ViewInput,
): Record<string, Record<string, JsonObject>> {
  const values: Record<string, Record<string, JsonObject>> = {};
  const elements = interactiveElements(blocks);
  for (const [blockId, actions] of Object.entries(input)) {
    for (const actionId of Object.keys(actions)) {
      if (!elements.some((e) => e.blockId === blockId && e.element.action_id === actionId)) {
        throw new Error(`the view has no element ${blockId}/${actionId}`);
      }
    }
  }
  for (const { blockId, block, element } of elements) {
    if (block.type !== 'input' && input[blockId] === undefined) continue;
    const actionId = String(element.action_id ?? `action-${blockId}`);
    const choice = input[blockId]?.[actionId];
    const empty = choice === undefined || choice === '' || (Array.isArray(choice) && choice.length === 0);
    if (block.type === 'input' && block.optional !== true && empty) {
      throw new Error(`input ${blockId} is required; Slack would not let the user submit without it`);
    }
    values[blockId] = {
      ...values[blockId],
      [actionId]: { type: element.type, ...selectionFor(element, choice) },
    };
  }
  return values;
}
