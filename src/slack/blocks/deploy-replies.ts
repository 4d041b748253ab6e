import type { KnownBlock } from '@slack/types';
import type { DeployPlanSummary } from '../../core/deploys/deploy-plan.js';
import { formatLocalDateTime } from '../../core/deploys/local-time.js';
import { escapeMrkdwn, slackDate } from '../render-mrkdwn.js';
import type { CommandReply } from './command-reply.js';

const section = (text: string): KnownBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: text.slice(0, 3000) },
});

/** `--dry-run`: everything the deploy would do and need, and what would stop it; nothing is stored. */
export function dryRunReply(plan: DeployPlanSummary, timeZone?: string): CommandReply {
  const bump = plan.bump.ok ? plan.bump.bump.toUpperCase() : `refused — ${escapeMrkdwn(plan.bump.reason)}`;
  const next = !plan.window.open && plan.window.nextOpening ? plan.window.nextOpening : undefined;
  const opening = next
    ? ` (next opening ${timeZone ? `${formatLocalDateTime(next, timeZone)}, ` : ''}${slackDate(next)} your time)`
    : '';
  const window = plan.window.open
    ? 'open now'
    : `closed: ${escapeMrkdwn(plan.window.reasons.join('; '))}${opening}`;
  const approvers = plan.approval.roles.length ? plan.approval.roles.join(', ') : 'none (automatic)';
  const lines = [
    `*Dry run* — ${plan.service} ${plan.currentVersion ?? '(first deploy)'} → ${plan.version} to ${plan.env}. Nothing was changed.`,
    `*Change:* ${bump} · *Strategy:* ${plan.strategy}`,
    `*Approvers:* ${approvers}${plan.approval.timeout ? ` within ${plan.approval.timeout}` : ''}${plan.approval.escalation ? `, then escalate to ${plan.approval.escalation}` : ''}`,
    `*Change window:* ${window}${plan.emergency ? ` — emergency override: _${escapeMrkdwn(plan.emergency.reason)}_` : ''}`,
    `*Validations:* ${plan.validations.pre.map((v) => `${v.name}${v.level === 'optional' ? ' (optional)' : ''}`).join(', ') || 'none'}`,
    `*Steps:*\n${plan.steps.map((s, i) => `${i + 1}. ${escapeMrkdwn(s.label)}`).join('\n')}`,
    `*Rollback plan:*\n${plan.rollback.map((l) => `• ${escapeMrkdwn(l)}`).join('\n')}`,
  ];
  if (plan.blockers.length)
    lines.push(`:no_entry: *Would be refused:* ${plan.blockers.map(escapeMrkdwn).join(' ')}`);
  const text = lines.join('\n');
  return { response_type: 'ephemeral', text, blocks: lines.map(section) };
}
