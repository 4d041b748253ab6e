import { type BlockKitProblems, isObject } from './block-kit-problems.js';

const SELECTS_WITH_OPTIONS = new Set(['static_select', 'multi_static_select']);
const OTHER_ELEMENTS = new Set([
  'users_select',
  'multi_users_select',
  'conversations_select',
  'multi_conversations_select',
  'channels_select',
  'multi_channels_select',
  'external_select',
  'multi_external_select',
  'plain_text_input',
  'datepicker',
  'timepicker',
  'datetimepicker',
  'number_input',
  'email_text_input',
  'url_text_input',
  'rich_text_input',
  'file_input',
  'workflow_button',
  'image',
]);

/** Checks a confirmation dialog object (title 100, text 300, confirm/deny 30). */
function checkConfirm(p: BlockKitProblems, confirm: unknown, pointer: string): void {
  if (confirm === undefined) return;
  if (!isObject(confirm)) {
    p.add(pointer, 'must provide an object');
    return;
  }
  p.text(confirm.title, `${pointer}/title`, { max: 100, plainOnly: true, required: true });
  p.text(confirm.text, `${pointer}/text`, { max: 300, required: true });
  p.text(confirm.confirm, `${pointer}/confirm`, { max: 30, plainOnly: true, required: true });
  p.text(confirm.deny, `${pointer}/deny`, { max: 30, plainOnly: true, required: true });
}

/** Checks an option list (text 75, value 150). */
function checkOptions(
  p: BlockKitProblems,
  options: unknown,
  pointer: string,
  min: number,
  max: number,
): void {
  p.array(options, pointer, min, max).forEach((option, i) => {
    if (!isObject(option)) {
      p.add(`${pointer}/${i}`, 'must provide an object');
      return;
    }
    p.text(option.text, `${pointer}/${i}/text`, { max: 75, required: true });
    if (typeof option.value !== 'string') p.add(`${pointer}/${i}/value`, 'must provide a string');
    p.maxLength(option.value, 150, `${pointer}/${i}/value`);
  });
}

/**
 * Checks one interactive element (button, select, overflow, inputs...) against Slack's limits:
 * action_id 255; button text 75, value 2000, url 3000; placeholder 150; select options 100; overflow 1–5 options.
 */
export function checkElement(p: BlockKitProblems, element: unknown, pointer: string): void {
  if (!isObject(element)) {
    p.add(pointer, 'must provide an object');
    return;
  }
  const type = element.type;
  p.maxLength(element.action_id, 255, `${pointer}/action_id`);
  if (element.placeholder !== undefined) {
    p.text(element.placeholder, `${pointer}/placeholder`, { max: 150, plainOnly: true });
  }
  checkConfirm(p, element.confirm, `${pointer}/confirm`);
  if (type === 'button') {
    p.text(element.text, `${pointer}/text`, { max: 75, plainOnly: true, required: true });
    p.maxLength(element.value, 2000, `${pointer}/value`);
    p.maxLength(element.url, 3000, `${pointer}/url`);
    if (element.style !== undefined && element.style !== 'primary' && element.style !== 'danger') {
      p.add(`${pointer}/style`, 'must be one of primary, danger');
    }
  } else if (type === 'overflow') {
    checkOptions(p, element.options, `${pointer}/options`, 1, 5);
  } else if (type === 'radio_buttons' || type === 'checkboxes') {
    checkOptions(p, element.options, `${pointer}/options`, 1, 10);
  } else if (typeof type === 'string' && SELECTS_WITH_OPTIONS.has(type)) {
    if (element.option_groups !== undefined)
      p.array(element.option_groups, `${pointer}/option_groups`, 1, 100);
    else checkOptions(p, element.options, `${pointer}/options`, 1, 100);
  } else if (type === 'image') {
    if (typeof element.alt_text !== 'string') p.add(`${pointer}/alt_text`, 'must provide a string');
    p.maxLength(element.image_url, 3000, `${pointer}/image_url`);
  } else if (typeof type !== 'string' || !OTHER_ELEMENTS.has(type)) {
    p.add(`${pointer}/type`, `unsupported type: ${String(type)}`);
  }
}

/** Every interactive element inside a block, with the pointer suffix it sits at. */
export function elementsOf(block: Record<string, unknown>): { element: unknown; at: string }[] {
  const found: { element: unknown; at: string }[] = [];
  if (block.accessory !== undefined) found.push({ element: block.accessory, at: '/accessory' });
  if (block.element !== undefined) found.push({ element: block.element, at: '/element' });
  if (Array.isArray(block.elements) && (block.type === 'actions' || block.type === 'context_actions')) {
    block.elements.forEach((element, i) => {
      found.push({ element, at: `/elements/${i}` });
    });
  }
  return found;
}
