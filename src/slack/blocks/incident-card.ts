import type { KnownBlock } from '@slack/types';
import type { IncidentRecord } from '../../core/incidents/incident-record.js';
import type { IncidentCardView } from '../../services/incidents/incident-service.js';
import { IDS } from '../ids.js';
import type { RenderedMessage } from '../message-sync.js';
import { escapeMrkdwn, slackDate } from '../render-mrkdwn.js';
import { confirmedButton } from './confirmed-button.js';

const STATUS: Record<IncidentRecord['status'], string> = {
  declared: ':red_circle: Investigating',
  acknowledged: ':large_orange_circle: Responding',
  resolved: ':large_green_circle: Resolved',
  reviewed: ':white_check_mark: Reviewed',
};
const PAGER: Record<IncidentRecord['pagerduty']['state'], string> = {
  not_paged: 'not paged',
  paging: 'paging…',
  triggered: 'paged (triggered)',
  acknowledged: 'acknowledged',
  resolved: 'resolved',
  failed: ':warning: page FAILED',
};

/**
 * The pinned incident card: severity, status, commander, roles, every running clock with its due time (in each
 * reader's zone), PagerDuty's state and links. Edited in place on every change, never re-posted.
 */
export function incidentCard(view: IncidentCardView): RenderedMessage {
  const { incident, clocks, escalationContacts } = view;
  const roles = Object.entries(incident.roles).map(([role, user]) => `${escapeMrkdwn(role)}: <@${user}>`);
  let pager = PAGER[incident.pagerduty.state];
  if (incident.pagerduty.assignee) pager += ` — ${escapeMrkdwn(incident.pagerduty.assignee)}`;
  if (incident.pagerduty.state === 'failed') {
    pager += ` (${escapeMrkdwn(incident.pagerduty.detail ?? 'unknown error')}); Shipgate retries. Escalation contacts: ${escalationContacts.map((u) => `<@${u}>`).join(', ') || 'none configured'}`;
  }
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: `${incident.severity} ${incident.id}: ${incident.title}`.slice(0, 150),
      },
    },
    {
      type: 'section',
      fields: [
        {
          type: 'mrkdwn',
          text: `*Severity*\n${incident.severity}${incident.security ? ' · :lock: security' : ''}`,
        },
        { type: 'mrkdwn', text: `*Status*\n${STATUS[incident.status]}` },
        { type: 'mrkdwn', text: `*Commander*\n<@${incident.commander}>` },
        { type: 'mrkdwn', text: `*Roles*\n${roles.join('\n') || 'none assigned'}` },
        {
          type: 'mrkdwn',
          text: `*Declared*\n${slackDate(incident.declaredAt)} by <@${incident.declaredBy}>`,
        },
        { type: 'mrkdwn', text: `*Service*\n${incident.service ?? 'not named'}` },
      ],
    },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*Clocks*\n${clocks.map((c) => `• ${c.label}: due ${slackDate(c.dueAt)}`).join('\n') || 'none running'}`,
      },
    },
    { type: 'section', text: { type: 'mrkdwn', text: `*PagerDuty*\n${pager}`.slice(0, 3000) } },
  ];
  if (incident.resolution)
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `*Resolution*\n${escapeMrkdwn(incident.resolution)}`.slice(0, 3000) },
    });
  if (incident.status === 'resolved') blocks.push(reviewButton(incident.id));
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: `\`/incident status\` · \`/incident update <text>\` · \`/incident timeline\` · \`/incident report\``,
      },
    ],
  });
  return {
    channel: incident.channelId ?? '',
    text: `${incident.severity} ${incident.id}: ${escapeMrkdwn(incident.title)} — ${STATUS[incident.status].replace(/:[a-z_]+: /, '')}`,
    blocks,
  };
}

function reviewButton(id: string): KnownBlock {
  return {
    type: 'actions',
    block_id: 'incident_review',
    elements: [
      confirmedButton({
        actionId: IDS.reviewDone,
        label: 'Post-incident review done',
        value: id,
        confirmTitle: 'Review done?',
        confirmText: 'Marks the post-incident review as held; its reminders stop.',
        confirmLabel: 'Done',
      }),
    ],
  };
}
