import type { KnownBlock } from '@slack/types';
import type { IncidentRecord } from '../../core/incidents/incident-record.js';
import { configuredChannel } from '../../core/text/rich-text.js';
import type { CustomerNoticeView } from '../../services/incidents/customer-notice.js';
import { IDS } from '../ids.js';
import type { RenderedMessage } from '../message-sync.js';
import { escapeMrkdwn, toMrkdwn } from '../render-mrkdwn.js';
import { confirmedButton } from './confirmed-button.js';

/**
 * The customer notification draft in the incident channel: the text as customers would read it, an Approve button
 * only the commander can use (checked on the server) and an Edit button opening a modal. Once posted, the buttons go.
 */
export function customerNoticeMessage(view: CustomerNoticeView): RenderedMessage {
  const { incident, approvedBy: postedBy } = view;
  const statusChannel = toMrkdwn(configuredChannel(view.statusChannel));
  const text = escapeMrkdwn(incident.customerNotice ?? '');
  const quoted = `>${text.replace(/\n/g, '\n>')}`.slice(0, 2900);
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*Customer notification for ${statusChannel}* — ${incident.customerNoticeState === 'posted' ? `posted${postedBy ? ` (approved by <@${postedBy}>)` : ''}` : `draft, needs the commander's approval (<@${incident.commander}>)`}`,
      },
    },
    { type: 'section', text: { type: 'mrkdwn', text: quoted } },
  ];
  if (incident.customerNoticeState === 'draft') {
    blocks.push({
      type: 'actions',
      block_id: 'customer_notice',
      elements: [
        confirmedButton({
          actionId: IDS.noticeApprove,
          label: 'Approve and post',
          value: incident.id,
          style: 'primary',
          confirmTitle: 'Post to customers?',
          confirmText: `This posts the notification in ${statusChannel} for customers to read.`,
          confirmLabel: 'Post',
        }),
        {
          type: 'button',
          action_id: IDS.noticeEdit,
          text: { type: 'plain_text', text: 'Edit' },
          value: incident.id,
        },
      ],
    });
  }
  return {
    channel: incident.channelId ?? '',
    text: `Customer notification draft for ${incident.id}`,
    blocks,
  };
}

/** The modal for editing the draft; `private_metadata` carries only the incident id. */
export function customerNoticeModal(incident: IncidentRecord) {
  return {
    type: 'modal' as const,
    callback_id: IDS.noticeEditModal,
    private_metadata: incident.id,
    title: { type: 'plain_text' as const, text: 'Customer notification' },
    submit: { type: 'plain_text' as const, text: 'Save draft' },
    close: { type: 'plain_text' as const, text: 'Cancel' },
    blocks: [
      {
        type: 'input' as const,
        block_id: IDS.noticeTextBlock,
        label: { type: 'plain_text' as const, text: `What customers read about ${incident.id}` },
        element: {
          type: 'plain_text_input' as const,
          action_id: IDS.noticeTextInput,
          multiline: true,
          initial_value: (incident.customerNotice ?? '').slice(0, 3000),
          max_length: 3000,
        },
      },
    ],
  };
}
