import type { VNode } from 'preact';
import { useRef } from 'preact/hooks';
import { Mrkdwn, plainText } from './render/mrkdwn.js';
import type { ConfirmObject, RenderContext } from './render/render-context.js';
import { useDialogKeys } from './use-dialog-keys.js';

/** A button's `confirm` dialog: its title, text (mrkdwn when so typed) and the two choices; Escape or Cancel denies. */
export function ConfirmDialog(props: {
  confirm: ConfirmObject;
  ctx: RenderContext;
  onConfirm: () => void;
  onDeny: () => void;
}): VNode {
  const ref = useRef<HTMLDivElement>(null);
  useDialogKeys(ref, props.onDeny);
  const { confirm } = props;
  return (
    <div class="backdrop">
      <div
        ref={ref}
        class="dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="confirm-title"
        data-testid="confirm-dialog"
      >
        <h2 id="confirm-title">{plainText(confirm.title?.text ?? 'Are you sure?')}</h2>
        <p class="wrap">
          {confirm.text?.type === 'mrkdwn' ? (
            <Mrkdwn text={confirm.text.text ?? ''} ctx={props.ctx} />
          ) : (
            plainText(confirm.text?.text ?? '')
          )}
        </p>
        <div class="dialog-buttons">
          <button type="button" data-testid="confirm-cancel" onClick={props.onDeny}>
            {plainText(confirm.deny?.text ?? 'Cancel')}
          </button>
          <button
            type="button"
            class={confirm.style === 'danger' ? 'danger' : 'primary'}
            data-testid="confirm-ok"
            onClick={props.onConfirm}
          >
            {plainText(confirm.confirm?.text ?? 'Yes')}
          </button>
        </div>
      </div>
    </div>
  );
}
