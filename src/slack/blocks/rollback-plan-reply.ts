import type { KnownBlock } from '@slack/types';
import type { Answer } from '../../services/answer.js';
import { IDS } from '../ids.js';
import { escapeMrkdwn, toMrkdwn } from '../render-mrkdwn.js';
import type { CommandReply } from './command-reply.js';
import { confirmedButton } from './confirmed-button.js';

/**
 * A `/rollback` plan as the ephemeral reply: the steps and what follows, and — unless it was a dry run — one
 * **Roll back now** button with a confirm dialog (no approval chain: speed; the click is re-checked and re-planned).
 */
export function rollbackPlanReply(answer: Extract<Answer, { kind: 'rollback_plan' }>): CommandReply {
  const title = `*${toMrkdwn(answer.title)}*`;
  const body = answer.lines.map((l) => toMrkdwn(l)).join('\n');
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: title } },
    { type: 'section', text: { type: 'mrkdwn', text: body } },
  ];
  if (answer.confirm)
    blocks.push({
      type: 'actions',
      elements: [
        confirmedButton({
          actionId: IDS.rollbackNow,
          label: 'Roll back now',
          value: answer.confirm.value,
          style: 'danger',
          confirmTitle: 'Roll back now?',
          confirmText: escapeMrkdwn(answer.confirm.summary),
          confirmLabel: 'Roll back',
        }),
      ],
    });
  return { response_type: 'ephemeral', text: `${title}\n${body}`, blocks };
}
