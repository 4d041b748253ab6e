import type { KnownBlock } from '@slack/types';
import type { RecommendationView } from '../../services/agents/recommendations.js';
import { IDS } from '../ids.js';
import type { RenderedMessage } from '../message-sync.js';
import { escapeMrkdwn } from '../render-mrkdwn.js';
import { confirmedButton } from './confirmed-button.js';

const ACCEPT_LABEL = {
  rollback: 'Roll back now',
  pause: 'Pause the watch',
  continue: 'Acknowledge',
} as const;
const ACCEPT_TEXT = {
  rollback: 'Shipgate rolls back as you, through the same plan as /rollback.',
  pause:
    'The watch stops moving on (no survived mark, no next canary step) until someone picks Roll back now or Keep.',
  continue: 'Nothing changes; the recommendation is marked acknowledged.',
} as const;

function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: text.slice(0, 3000) } };
}

/**
 * An agent's newest recommendation on a deploy, in the deploy's thread: who recommended what and why (the agent's
 * words escaped like any user text), its metrics, and — while open — **accept** and **Dismiss** buttons for the
 * people who decide. Once decided, the same message says who decided what, without buttons.
 */
export function agentRecommendationMessage(view: RecommendationView): RenderedMessage {
  const { deploy: d, recommendation: r } = view;
  const agent = escapeMrkdwn(r.agent.replace(/^agent:/, ''));
  const metrics = Object.entries(r.metrics)
    .map(([name, value]) => `${escapeMrkdwn(name)} ${value}`)
    .join(' · ');
  const blocks: KnownBlock[] = [
    section(
      `:robot_face: *Agent ${agent} recommends ${r.action} for ${escapeMrkdwn(`${d.service} ${d.version}`)}* (${escapeMrkdwn(r.id)})\n${escapeMrkdwn(r.reasoning)}`,
    ),
  ];
  if (metrics) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: metrics.slice(0, 2000) }] });
  if (r.decided)
    blocks.push(section(`:white_check_mark: ${r.decided.decision} by <@${escapeMrkdwn(r.decided.by)}>`));
  else
    blocks.push(
      section(
        '_An agent recommends; a person decides (chapter 2.2). Only people who may roll back can click._',
      ),
      {
        type: 'actions',
        block_id: 'agent_recommendation',
        elements: [
          confirmedButton({
            actionId: IDS.recommendationAccept,
            label: ACCEPT_LABEL[r.action],
            value: `${d.id}|${r.id}`,
            ...(r.action === 'rollback' ? { style: 'danger' as const } : { style: 'primary' as const }),
            confirmTitle: `${ACCEPT_LABEL[r.action]}?`,
            confirmText: ACCEPT_TEXT[r.action],
            confirmLabel: ACCEPT_LABEL[r.action],
          }),
          {
            type: 'button',
            action_id: IDS.recommendationDismiss,
            text: { type: 'plain_text', text: 'Dismiss' },
            value: `${d.id}|${r.id}`,
          },
        ],
      },
    );
  return {
    channel: d.channel,
    text: `Agent ${r.agent} recommends ${r.action} for ${d.service} ${d.version}`,
    blocks,
    threadOf: 'deploy',
  };
}
