import type { KnownBlock } from '@slack/types';
import type { DeployRecord, StepRecord, ValidationResult } from '../../core/deploys/deploy-record.js';
import type { DeployView, RoleStatus } from '../../services/deploys/deploy-view.js';
import { IDS } from '../ids.js';
import type { RenderedMessage } from '../message-sync.js';
import { escapeMrkdwn, slackDate } from '../render-mrkdwn.js';
import { confirmedButton } from './confirmed-button.js';
import { changeText, readinessSection, releaseSection } from './release-sections.js';

const STATE_LINE: Record<DeployRecord['state'], string> = {
  requested: ':hourglass: Requested',
  queued: ':double_vertical_bar: Queued — waiting for the lane',
  validating: ':mag: Running pre-deployment validations',
  awaiting_approval: ':raised_hand: Waiting for approval',
  escalated: ':rotating_light: Approval timed out — escalated',
  approved: ':white_check_mark: Approved — starting',
  running: ':arrows_counterclockwise: Deploying',
  watching: ':eyes: Deployed — post-deploy watch running',
  succeeded: ':large_green_circle: Deployed',
  failed: ':red_circle: Failed',
  rejected: ':no_entry: Rejected',
  expired: ':hourglass_flowing_sand: Expired without approval',
  cancelled: ':heavy_multiplication_x: Cancelled',
  refused: ':no_entry: Refused — it no longer made sense when it was about to act',
  interrupted: ':warning: Interrupted by a restart — lane still locked',
  rolled_back: ':rewind: Rolled back',
};

const STEP_ICON: Record<StepRecord['state'], string> = {
  pending: ':white_circle:',
  running: ':arrows_counterclockwise:',
  succeeded: ':white_check_mark:',
  failed: ':x:',
  skipped: ':heavy_minus_sign:',
};

const mention = (user: string) => `<@${user}>`;

/** The one live message of a deploy: request, checks, approvals, then steps; buttons only while a decision is open. */
export function deployMessage(view: DeployView): RenderedMessage {
  const d = view.deploy;
  const from = d.previousVersion ?? 'nothing yet';
  const title =
    d.kind === 'rollback'
      ? `${d.id}: rollback of ${d.service} ${from} → ${d.version} (${d.env})`
      : `${d.id}: ${d.service} ${from} → ${d.version} (${d.env})`;
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: `:rocket: ${title}`.slice(0, 150), emoji: true } },
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*Service*\n${d.service}` },
        { type: 'mrkdwn', text: `*Environment*\n${d.env}` },
        { type: 'mrkdwn', text: `*Version*\n${from} → *${d.version}*` },
        { type: 'mrkdwn', text: `*Change*\n${changeText(d)}` },
        { type: 'mrkdwn', text: `*Strategy*\n${d.strategy}` },
        { type: 'mrkdwn', text: `*Requested by*\n${mention(d.requester)}` },
        { type: 'mrkdwn', text: `*Change window*\n${windowText(view)}` },
        { type: 'mrkdwn', text: `*Monitoring*\n${monitoringText(view)}` },
      ],
    },
  ];
  if (d.emergencyReason) {
    blocks.push(
      section(
        `:rotating_light: *EMERGENCY override* of the change window: _${escapeMrkdwn(d.emergencyReason)}_ — flagged for post-hoc review.`,
      ),
    );
  }
  if (d.readiness) blocks.push(section(readinessSection(d.readiness)));
  if (d.release) blocks.push(section(releaseSection(d.release)));
  if (d.validations.length)
    blocks.push(section(`*Pre-deployment validation*\n${d.validations.map(validationLine).join('\n')}`));
  blocks.push(section(`*Rollback plan*\n${view.rollbackPlan.map((l) => `• ${escapeMrkdwn(l)}`).join('\n')}`));
  if (view.customerNotice)
    blocks.push(
      section(
        `*Customer communication (MAJOR, drafted)*\n>${escapeMrkdwn(view.customerNotice).replace(/\n/g, '\n>')}`,
      ),
    );
  blocks.push(section(`*Approvals*\n${approvalLine(view)}${onCallNote(d)}`));
  if (d.steps.length) blocks.push(section(`*Steps*\n${d.steps.map(stepLine).join('\n')}`));
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: statusLine(view) }] });
  if (d.state === 'awaiting_approval' || d.state === 'escalated') blocks.push(buttons(d));
  return { channel: d.channel, text: `${title} — ${STATE_LINE[d.state].replace(/:[a-z_]+: /, '')}`, blocks };
}

function windowText(view: DeployView): string {
  if (!view.window.emergency) return 'open';
  const reasons = view.window.closedReasons;
  return reasons.length
    ? `closed (${escapeMrkdwn(reasons.join('; '))}) — emergency override`
    : 'open (emergency requested)';
}

/** The policy's monitoring window and what Shipgate does in it (only what it does: no watch configured, no claim). */
function monitoringText(view: DeployView): string {
  const d = view.deploy;
  if (d.kind === 'rollback') return 'the restored version is health-checked by the rollback steps';
  const major = d.bump === 'major' ? ' (extended: MAJOR)' : '';
  if (!view.watch.configured)
    return `${view.monitoringMinutes} min after deploy${major} — no watch is configured for ${d.service}; watch your dashboards`;
  const decide = view.watch.automatic
    ? 'a trigger rolls back automatically'
    : 'a trigger asks a human to roll back';
  const survived = d.survived ? ' · :white_check_mark: survived' : '';
  return `${view.monitoringMinutes} min after deploy${major} — Shipgate watches health and metrics against the baseline; ${decide}${survived}`;
}

function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: text.slice(0, 3000) } };
}

function validationLine(v: ValidationResult): string {
  const icon = v.ok ? ':white_check_mark:' : v.level === 'required' ? ':x:' : ':warning:';
  return `${icon} ${v.name}${v.level === 'optional' ? ' (optional)' : ''} — ${escapeMrkdwn(v.summary)}`;
}

function approvalLine(view: DeployView): string {
  return view.roles
    .map((r) => {
      if (r.approvedBy) {
        const extra = r.escalatedBy ? ` (as ${r.escalatedBy}, after escalation)` : '';
        return `${r.role} :white_check_mark: ${mention(r.approvedBy)}${extra}`;
      }
      return `${r.role} :hourglass_flowing_sand: ${candidatesText(view.deploy, r)}`;
    })
    .join(' · ');
}

function candidatesText(d: DeployRecord, r: RoleStatus): string {
  if (r.role === 'on-call-engineer' && d.onCall.source === 'pending')
    return 'being looked up (PagerDuty, then the config)';
  return r.candidates.length ? r.candidates.map(mention).join(' or ') : 'nobody available';
}

function onCallNote(d: DeployRecord): string {
  if (!d.requiredRoles.includes('on-call-engineer') || d.onCall.source === 'pending') return '';
  if (d.onCall.source === 'pagerduty') return '\n_On-call engineer per PagerDuty right now._';
  return `\n_On-call engineer from the config members${d.onCall.note ? `: ${escapeMrkdwn(d.onCall.note)}` : ''}._`;
}

function stepLine(s: StepRecord): string {
  return `${STEP_ICON[s.state]} ${escapeMrkdwn(s.label)}${s.summary ? ` — ${escapeMrkdwn(s.summary)}` : ''}`;
}

function statusLine(view: DeployView): string {
  const d = view.deploy;
  const parts = [STATE_LINE[d.state]];
  if (d.state === 'awaiting_approval' && view.expiresAt)
    parts.push(
      view.escalationRole
        ? `escalates to ${view.escalationRole} at ${slackDate(view.expiresAt)}`
        : `expires at ${slackDate(view.expiresAt)}`,
    );
  if (d.state === 'escalated') {
    const who = view.escalationMembers.map(mention).join(' or ');
    parts.push(
      `${who || view.escalationRole} may approve in place of the missing roles${view.expiresAt ? ` until ${slackDate(view.expiresAt)}` : ''}`,
    );
  }
  if (d.outcome) parts.push(`${escapeMrkdwn(d.outcome)}${view.endedBy ? ` (${mention(view.endedBy)})` : ''}`);
  return parts.join(' · ');
}

function buttons(d: DeployRecord): KnownBlock {
  const what = `${d.service} ${d.version} to ${d.env}`;
  return {
    type: 'actions',
    block_id: 'deploy_decision',
    elements: [
      confirmedButton({
        actionId: IDS.deployApprove,
        label: 'Approve',
        value: d.id,
        style: 'primary',
        confirmTitle: 'Approve this deploy?',
        confirmText: `You approve deploying *${what}* (${d.strategy}). Shipgate starts it once every role has approved.`,
        confirmLabel: 'Approve',
      }),
      confirmedButton({
        actionId: IDS.deployReject,
        label: 'Reject',
        value: d.id,
        style: 'danger',
        confirmTitle: 'Reject this deploy?',
        confirmText: `You will be asked for a reason. Rejecting stops *${what}*.`,
        confirmLabel: 'Reject',
      }),
    ],
  };
}

/** The modal asking why a deploy is rejected; `private_metadata` carries only the deploy id. */
export function rejectModal(deployId: string, what: string) {
  return {
    type: 'modal' as const,
    callback_id: IDS.deployRejectModal,
    private_metadata: deployId,
    title: { type: 'plain_text' as const, text: 'Reject deploy' },
    submit: { type: 'plain_text' as const, text: 'Reject' },
    close: { type: 'plain_text' as const, text: 'Cancel' },
    blocks: [
      {
        type: 'section' as const,
        text: {
          type: 'mrkdwn' as const,
          text: `Why is *${escapeMrkdwn(what)}* rejected? The requester sees this.`,
        },
      },
      {
        type: 'input' as const,
        block_id: IDS.deployRejectReasonBlock,
        label: { type: 'plain_text' as const, text: 'Reason' },
        element: {
          type: 'plain_text_input' as const,
          action_id: IDS.deployRejectReasonInput,
          multiline: true,
          min_length: 3,
          max_length: 300,
        },
      },
    ],
  };
}
