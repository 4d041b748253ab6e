import { renderCustomerNotification } from '../../adapters/templates/incident-templates.js';
import { SHIPGATE } from '../../core/actor.js';
import { customerNoticeMessage } from '../../slack/blocks/customer-notice.js';
import { IDS } from '../../slack/ids.js';
import type { IncidentContext } from './incident-context.js';
import { recordIncident } from './incident-lifecycle.js';

/** Whether an incident of this severity gets a customer notification drafted (those that page: customer-facing). */
export function needsCustomerNotice(ctx: IncidentContext, severity: string): boolean {
  return ctx.config.config.incidents.severities[severity as 'SEV-1']?.page ?? false;
}

/** Registers how the draft message is drawn from the stored incident. */
export function registerCustomerNotice(ctx: IncidentContext): void {
  ctx.sync.register(IDS.noticeSlot, (id) => {
    const incident = ctx.incidents.get(id);
    if (!incident?.channelId || incident.customerNoticeState === 'none') return undefined;
    const approved = ctx.events.forSubject(id).find((e) => e.type === 'incident.customer_notice_approved');
    return customerNoticeMessage(incident, ctx.config.config.incidents.status_channel, approved?.actor);
  });
}

/** Drafts the customer notification from the template (chapter 6.4) with the incident's fields, in its channel. */
export function draftCustomerNotice(ctx: IncidentContext, id: string): void {
  const incident = ctx.incidents.get(id);
  if (incident?.customerNoticeState !== 'none') return;
  const policy = ctx.config.config.incidents.severities[incident.severity as 'SEV-1'];
  const text = renderCustomerNotification({
    service: incident.service ?? incident.title,
    impact: incident.title,
    startedAt: incident.declaredAt,
    nextUpdateAt: new Date(
      incident.declaredAt.getTime() + (policy?.update_every?.ms ?? policy?.respond_within.ms ?? 0),
    ),
    statusPage: ctx.config.config.incidents.status_channel,
  });
  const now = ctx.clock.now();
  ctx.incidents.update(id, { customerNotice: text, customerNoticeState: 'draft' }, now);
  ctx.sync.request(IDS.noticeSlot, id, now);
}

/** Saves an edited draft (from the modal) and redraws it; a posted notice is not edited any more. */
export function editCustomerNotice(
  ctx: IncidentContext,
  id: string,
  userId: string,
  text: string,
): string | undefined {
  const incident = ctx.incidents.get(id);
  if (!incident) return `${id} does not exist.`;
  if (incident.customerNoticeState !== 'draft')
    return `The customer notification of ${id} was already posted.`;
  recordIncident(
    ctx,
    id,
    'incident.note_added',
    { id: userId, kind: 'human' },
    { text: 'Customer notification draft edited.' },
    { customerNotice: text },
  );
  ctx.sync.request(IDS.noticeSlot, id, ctx.clock.now());
  return undefined;
}

/**
 * The commander's approval: only the incident's commander (from the stored incident, never the button) may post
 * the notification to customers. Posting goes through the durable outbox.
 */
export function approveCustomerNotice(
  ctx: IncidentContext,
  id: string,
  userId: string,
  kind: 'human' | 'bot' | 'agent',
): string {
  const incident = ctx.incidents.get(id);
  if (!incident) return `${id} does not exist.`;
  if (incident.customerNoticeState !== 'draft')
    return `The customer notification of ${id} was already posted.`;
  if (kind !== 'human' || userId !== incident.commander) {
    return `Only the incident commander (<@${incident.commander}>) can approve what customers read.`;
  }
  const statusChannel = ctx.config.config.incidents.status_channel;
  ctx.db.transaction(() => {
    const notice = incident.customerNotice ?? '';
    recordIncident(
      ctx,
      id,
      'incident.customer_notice_approved',
      { id: userId, kind },
      { notice },
      { customerNoticeState: 'posted' },
    );
    ctx.outbox.enqueue('chat.postMessage', { channel: statusChannel, text: notice }, id, ctx.clock.now());
    recordIncident(ctx, id, 'incident.customer_notice_posted', SHIPGATE, { notice, channel: statusChannel });
    ctx.sync.request(IDS.noticeSlot, id, ctx.clock.now());
  })();
  return `Posted the customer notification of ${id} in ${statusChannel}.`;
}
