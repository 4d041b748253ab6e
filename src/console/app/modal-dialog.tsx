import type { VNode } from 'preact';
import { useRef } from 'preact/hooks';
import type { ConsoleView } from './console-api-types.js';
import { Blocks } from './render/blocks.js';
import { plainText } from './render/mrkdwn.js';
import type { RenderContext } from './render/render-context.js';
import { useDialogKeys } from './use-dialog-keys.js';

/** The form's fields as Slack's view state wants them: `{ block_id: { action_id: value | values } }`. */
function formValues(form: HTMLFormElement): Record<string, Record<string, string | string[]>> {
  const values: Record<string, Record<string, string | string[]>> = {};
  for (const element of [...form.elements] as (
    | HTMLInputElement
    | HTMLSelectElement
    | HTMLTextAreaElement
  )[]) {
    const [blockId, actionId] = (element.name ?? '').split('/');
    if (!blockId || !actionId) continue;
    const block = values[blockId] ?? {};
    values[blockId] = block;
    if (element instanceof HTMLInputElement && element.type === 'checkbox') {
      const list = Array.isArray(block[actionId]) ? (block[actionId] as string[]) : [];
      block[actionId] = element.checked ? [...list, element.value] : list;
    } else if (element instanceof HTMLInputElement && element.type === 'radio') {
      if (element.checked) block[actionId] = element.value;
    } else if (element instanceof HTMLSelectElement && element.multiple) {
      block[actionId] = [...element.selectedOptions].map((o) => o.value);
    } else if (element.value !== '') {
      block[actionId] = element.value;
    }
  }
  return values;
}

/** A modal the bot opened: its input blocks as a form, Submit and Cancel; Escape cancels. */
export function ModalDialog(props: {
  view: ConsoleView;
  errors: Readonly<Record<string, string>>;
  ctx: RenderContext;
  onSubmit: (values: Record<string, Record<string, string | string[]>>) => void;
  onCancel: () => void;
}): VNode {
  const ref = useRef<HTMLFormElement>(null);
  useDialogKeys(ref, props.onCancel);
  const { view } = props;
  return (
    <div class="backdrop">
      <div
        class="dialog modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby="modal-title"
        data-testid="modal"
        data-view-id={view.id}
      >
        <form
          ref={ref}
          onSubmit={(event) => {
            event.preventDefault();
            props.onSubmit(formValues(event.currentTarget));
          }}
        >
          <h2 id="modal-title">{plainText(view.title)}</h2>
          <Blocks blocks={view.blocks} ctx={props.ctx} form={true} />
          {Object.entries(props.errors).map(([block, message]) => (
            <p key={block} class="error" role="alert" data-testid="modal-error">
              {block}: {message}
            </p>
          ))}
          <div class="dialog-buttons">
            <button type="button" data-testid="modal-cancel" onClick={props.onCancel}>
              {plainText(view.close)}
            </button>
            {view.submit !== undefined && (
              <button type="submit" class="primary" data-testid="modal-submit">
                {plainText(view.submit)}
              </button>
            )}
          </div>
        </form>
      </div>
    </div>
  );
}
