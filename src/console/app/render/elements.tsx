import type { VNode } from 'preact';
import { plainText, TextObject } from './mrkdwn.js';
import type { BlockAction, ConfirmObject, RenderContext } from './render-context.js';
import { safeHref } from './safe-url.js';

/** A Block Kit element as posted: keys known, values still to be checked. */
export type BlockElement = Record<string, unknown>;

/** An option of a select, checkbox group or radio group. */
interface OptionObject {
  readonly text?: { text?: string };
  readonly value?: string;
  readonly description?: { text?: string };
}

function optionsOf(element: BlockElement): OptionObject[] {
  const direct = Array.isArray(element.options) ? (element.options as OptionObject[]) : [];
  const groups = Array.isArray(element.option_groups)
    ? (element.option_groups as { options?: OptionObject[] }[]).flatMap((g) => g.options ?? [])
    : [];
  return [...direct, ...groups];
}

function label(text: unknown): string {
  const value = (text as { text?: unknown } | undefined)?.text;
  return typeof value === 'string' ? plainText(value) : '';
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Where an element sits: the block it belongs to, and whether it is part of a modal form. */
export interface ElementPlace {
  readonly blockId: string;
  /** In a modal's input block the element is a form field named `blockId/actionId`, sent on submit. */
  readonly inForm: boolean;
  readonly ctx: RenderContext;
}

function send(place: ElementPlace, element: BlockElement, value?: string | string[]): void {
  const action: BlockAction = {
    actionId: str(element.action_id),
    blockId: place.blockId,
    type: str(element.type),
    ...(value !== undefined ? { value } : {}),
    ...(element.confirm ? { confirm: element.confirm as ConfirmObject } : {}),
  };
  place.ctx.onAction?.(action);
}

/** A button: primary/danger style, its confirm dialog, or a link when it carries a safe `url`. */
function Button(props: { element: BlockElement; place: ElementPlace }): VNode {
  const { element, place } = props;
  const style = str(element.style);
  const text = label(element.text);
  const href = safeHref(element.url);
  const actionId = str(element.action_id);
  if (href && !place.ctx.onAction) {
    return (
      <a class={`bk-button ${style}`} href={href} target="_blank" rel="noopener noreferrer">
        {text}
      </a>
    );
  }
  return (
    <button
      type="button"
      class={`bk-button ${style}`}
      data-testid={`action-${actionId}`}
      data-action-id={actionId}
      data-value={str(element.value)}
      data-confirm={element.confirm ? 'true' : undefined}
      disabled={!place.ctx.onAction}
      onClick={() => send(place, element)}
    >
      {text}
    </button>
  );
}

function StaticSelect(props: { element: BlockElement; place: ElementPlace; multi: boolean }): VNode {
  const { element, place, multi } = props;
  const actionId = str(element.action_id);
  const initial = multi
    ? ((element.initial_options as OptionObject[] | undefined) ?? []).map((o) => o.value)
    : [(element.initial_option as OptionObject | undefined)?.value];
  const name = place.inForm ? `${place.blockId}/${actionId}` : undefined;
  return (
    <select
      class="bk-select"
      name={name}
      multiple={multi}
      aria-label={label(element.placeholder) || actionId}
      data-testid={`select-${actionId}`}
      disabled={!place.inForm && !place.ctx.onAction}
      onChange={(event) => {
        if (place.inForm) return;
        const target = event.currentTarget;
        const chosen = [...target.selectedOptions].map((o) => o.value).filter((v) => v !== '');
        if (chosen.length > 0 || multi) send(place, element, multi ? chosen : chosen[0]);
      }}
    >
      {!multi && <option value="">{label(element.placeholder) || 'Choose…'}</option>}
      {optionsOf(element).map((option) => (
        <option key={option.value} value={option.value} selected={initial.includes(option.value)}>
          {label(option.text)}
        </option>
      ))}
    </select>
  );
}

function Choices(props: { element: BlockElement; place: ElementPlace; radio: boolean }): VNode {
  const { element, place, radio } = props;
  const actionId = str(element.action_id);
  const initial = radio
    ? [(element.initial_option as OptionObject | undefined)?.value]
    : ((element.initial_options as OptionObject[] | undefined) ?? []).map((o) => o.value);
  const name = `${place.blockId}/${actionId}`;
  return (
    <fieldset class="bk-choices" data-testid={`choices-${actionId}`}>
      {optionsOf(element).map((option) => (
        <label key={option.value} class="bk-choice">
          <input
            type={radio ? 'radio' : 'checkbox'}
            name={name}
            value={option.value}
            checked={initial.includes(option.value)}
            disabled={!place.inForm && !place.ctx.onAction}
            onChange={(event) => {
              if (place.inForm) return;
              const group = event.currentTarget.closest('fieldset');
              const checked = [...(group?.querySelectorAll('input') ?? [])]
                .filter((input) => input.checked)
                .map((input) => input.value);
              send(place, element, radio ? (checked[0] ?? '') : checked);
            }}
          />
          <span>{label(option.text)}</span>
          {option.description && <small>{label(option.description)}</small>}
        </label>
      ))}
    </fieldset>
  );
}

/** An image element: shown as a link to it (the console loads nothing from elsewhere). */
export function ImageLink(props: { element: BlockElement }): VNode {
  const url = str(props.element.image_url);
  const alt = str(props.element.alt_text) || 'image';
  const href = safeHref(url);
  return href ? (
    <a class="bk-image" href={href} target="_blank" rel="noopener noreferrer">
      🖼 {alt}
    </a>
  ) : (
    <span class="bk-image">🖼 {alt}</span>
  );
}

function TextInput(props: { element: BlockElement; place: ElementPlace }): VNode {
  const { element, place } = props;
  const name = `${place.blockId}/${str(element.action_id)}`;
  const common = {
    name,
    id: name,
    placeholder: label(element.placeholder),
    value: str(element.initial_value),
    'data-testid': `input-${str(element.action_id)}`,
    ...(typeof element.max_length === 'number' ? { maxLength: element.max_length } : {}),
  };
  if (element.multiline === true) return <textarea class="bk-input" rows={4} {...common} />;
  if (element.type === 'number_input') return <input class="bk-input" type="number" {...common} />;
  if (element.type === 'email_text_input') return <input class="bk-input" type="email" {...common} />;
  if (element.type === 'url_text_input') return <input class="bk-input" type="url" {...common} />;
  return <input class="bk-input" type="text" {...common} />;
}

/** Any Block Kit element the console renders; the rest show their type so nothing is silently lost. */
export function Element(props: { element: unknown; place: ElementPlace }): VNode {
  const element = (props.element ?? {}) as BlockElement;
  const { place } = props;
  switch (element.type) {
    case 'button':
      return <Button element={element} place={place} />;
    case 'static_select':
    case 'overflow':
      return <StaticSelect element={element} place={place} multi={false} />;
    case 'multi_static_select':
      return <StaticSelect element={element} place={place} multi={true} />;
    case 'checkboxes':
      return <Choices element={element} place={place} radio={false} />;
    case 'radio_buttons':
      return <Choices element={element} place={place} radio={true} />;
    case 'image':
      return <ImageLink element={element} />;
    case 'plain_text_input':
    case 'number_input':
    case 'email_text_input':
    case 'url_text_input':
      return <TextInput element={element} place={place} />;
    case 'datepicker':
      return (
        <input
          class="bk-input"
          type="date"
          name={`${place.blockId}/${str(element.action_id)}`}
          value={str(element.initial_date)}
        />
      );
    case 'plain_text':
    case 'mrkdwn':
      return <TextObject text={element} ctx={place.ctx} />;
    default:
      return <span class="bk-unsupported">[{str(element.type) || 'unknown'} element]</span>;
  }
}
