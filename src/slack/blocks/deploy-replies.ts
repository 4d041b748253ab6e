import type { KnownBlock } from '@slack/types';
import type { DeployPlanSummary } from '../../core/deploys/deploy-plan.js';
import { formatUtcDateTime } from '../../core/incidents/incident-time.js';
import type { DeployRecord } from '../../store/deploy-repository.js';
import { type CommandReply, escapeMrkdwn } from './command-reply.js';

const section = (text: string): KnownBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: text.slice(0, 3000) },
});

/** `--dry-run`: everything the deploy would do and need, and what would stop it; nothing is stored. */
export function dryRunReply(plan: DeployPlanSummary): CommandReply {
  const bump = plan.bump.ok ? plan.bump.bump.toUpperCase() : `refused — ${plan.bump.reason}`;
  const window = plan.window.open
    ? 'open now'
    : `closed: ${plan.window.reasons.join('; ')}${plan.window.nextOpening ? ` (next opening ${formatUtcDateTime(plan.window.nextOpening)})` : ''}`;
  const lines = [
    `*Dry run* — ${plan.service} ${plan.currentVersion ?? '(first deploy)'} → ${plan.version} to ${plan.env}. Nothing was changed.`,
    `*Change:* ${bump} · *Strategy:* ${plan.strategy}`,
    `*Approvers:* ${plan.approval.required || plan.approval.roles.length ? plan.approval.roles.join(', ') : 'none (automatic)'}${plan.approval.timeout ? ` within ${plan.approval.timeout}` : ''}${plan.approval.escalation ? `, then escalate to ${plan.approval.escalation}` : ''}`,
    `*Change window:* ${escapeMrkdwn(window)}${plan.emergency ? ` — emergency override: _${escapeMrkdwn(plan.emergency.reason)}_` : ''}`,
    `*Validations:* ${plan.validations.pre.map((v) => `${v.name}${v.level === 'optional' ? ' (optional)' : ''}`).join(', ') || 'none'}`,
    `*Steps:*\n${plan.steps.map((s, i) => `${i + 1}. ${escapeMrkdwn(s.label)}`).join('\n')}`,
    `*Rollback plan:*\n${plan.rollback.map((l) => `• ${escapeMrkdwn(l)}`).join('\n')}`,
  ];
  if (plan.blockers.length)
    lines.push(`:no_entry: *Would be refused:* ${plan.blockers.map(escapeMrkdwn).join(' ')}`);
  const text = lines.join('\n');
  return { response_type: 'ephemeral', text, blocks: lines.map(section) };
}

const STATE_ICON: Record<DeployRecord['state'], string> = {
  requested: ':hourglass:',
  queued: ':double_vertical_bar:',
  validating: ':mag:',
  awaiting_approval: ':raised_hand:',
  escalated: ':rotating_light:',
  approved: ':white_check_mark:',
  running: ':arrows_counterclockwise:',
  succeeded: ':large_green_circle:',
  failed: ':red_circle:',
  rejected: ':no_entry:',
  expired: ':hourglass_flowing_sand:',
  cancelled: ':heavy_multiplication_x:',
  interrupted: ':warning:',
};

/** One line per deploy for `/deploy status` and `/deploy queue`. */
export function deployLine(d: DeployRecord, extra = ''): string {
  const review = d.needsReview ? ' · :rotating_light: emergency — needs post-hoc review' : '';
  return `${STATE_ICON[d.state]} *${d.id}* ${d.service} ${d.previousVersion ?? '–'} → ${d.version} (${d.env}, ${d.bump}) — ${d.state.replace('_', ' ')}, by <@${d.requester}>${extra}${review}`;
}

/** A titled list of deploy lines as an ephemeral answer. */
export function deployListReply(title: string, lines: readonly string[], empty: string): CommandReply {
  const body = lines.length ? lines.join('\n') : empty;
  return {
    response_type: 'ephemeral',
    text: `${title}\n${body}`,
    blocks: [section(`*${title}*`), section(body)],
  };
}
