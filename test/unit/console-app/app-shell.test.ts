import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { App } from '../../../src/console/app/app.js';
import { ConfirmDialog } from '../../../src/console/app/confirm-dialog.js';
import { ModalDialog } from '../../../src/console/app/modal-dialog.js';
import { TEST_CONTEXT } from './render-helpers.js';

describe('console app shell', () => {
  it('renders the user switcher, channel list, composer and the empty state with three commands to try', () => {
    const html = renderToString(h(App, {}));
    expect(html).toContain('data-testid="user-switcher"');
    expect(html).toContain('aria-label="Channels"');
    expect(html).toContain('data-testid="composer-input"');
    expect(html.match(/data-testid="try-command"/g)).toHaveLength(3);
    expect(html).toContain('data-command="/deploy checkout 2.5.4"');
    expect(html).toContain('data-command="/incident declare SEV-2 &quot;Checkout is slow&quot;"');
    expect(html).toContain('data-command="/readiness checkout 2.5.4"');
  });

  it('renders a modal with its inputs, submit and cancel', () => {
    const view = {
      id: 'V1',
      title: 'Reject deploy',
      submit: 'Reject',
      close: 'Cancel',
      errors: {},
      blocks: [
        {
          type: 'input',
          block_id: 'reason',
          label: { type: 'plain_text', text: 'Reason' },
          element: { type: 'plain_text_input', action_id: 'reason_input' },
        },
      ],
    };
    const html = renderToString(
      h(ModalDialog, {
        view,
        errors: {},
        ctx: TEST_CONTEXT,
        onSubmit: () => undefined,
        onCancel: () => undefined,
      }),
    );
    expect(html).toContain('role="dialog"');
    expect(html).toContain('name="reason/reason_input"');
    expect(html).toContain('data-testid="modal-submit"');
    expect(html).toContain('data-testid="modal-cancel"');
  });

  it('renders a confirm dialog with the texts of the confirm object, as text', () => {
    const confirm = {
      title: { text: 'Approve?' },
      text: { text: '<script>alert(1)</script>' },
      confirm: { text: 'Approve' },
      deny: { text: 'Not yet' },
    };
    const html = renderToString(
      h(ConfirmDialog, { confirm, ctx: TEST_CONTEXT, onConfirm: () => undefined, onDeny: () => undefined }),
    );
    expect(html).toContain('role="alertdialog"');
    expect(html).toContain('Not yet');
    expect(html).not.toContain('<script');
  });

  it('renders a confirm dialog’s mrkdwn text as mrkdwn, escaped', () => {
    const confirm = {
      title: { text: 'Reject this deploy?' },
      text: { type: 'mrkdwn', text: 'Rejecting stops *payments 1.4.1* <img src=x onerror=alert(1)>' },
    };
    const html = renderToString(
      h(ConfirmDialog, { confirm, ctx: TEST_CONTEXT, onConfirm: () => undefined, onDeny: () => undefined }),
    );
    expect(html).toMatch(/<(strong|b)[^>]*>payments 1\.4\.1<\/(strong|b)>/);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('*payments');
  });
});
