import type { Button } from '@slack/types';

/** What a button with a confirm dialog says. */
export interface ConfirmedButton {
  readonly actionId: string;
  readonly label: string;
  /** The opaque id the handler looks up (a deploy or incident id); never a permission. */
  readonly value: string;
  readonly style?: 'primary' | 'danger';
  readonly confirmTitle: string;
  readonly confirmText: string;
  readonly confirmLabel: string;
}

/** A button that asks "are you sure?" before Slack sends the click; one place for the dialog's shape and copy. */
export function confirmedButton(b: ConfirmedButton): Button {
  return {
    type: 'button',
    action_id: b.actionId,
    ...(b.style ? { style: b.style } : {}),
    text: { type: 'plain_text', text: b.label },
    value: b.value,
    confirm: {
      title: { type: 'plain_text', text: b.confirmTitle },
      text: { type: 'mrkdwn', text: b.confirmText },
      confirm: { type: 'plain_text', text: b.confirmLabel },
      deny: { type: 'plain_text', text: 'Cancel' },
    },
  };
}
