import { type ActorKind, SHIPGATE } from '../../core/actor.js';
import type { IncidentRecord } from '../../core/incidents/incident-record.js';
import { ownEntry } from '../../core/own-entry.js';
import { toPlainText } from '../../core/text/plain-text.js';
import {
  configuredChannel,
  instant,
  mention,
  plain,
  type RichText,
  rich,
} from '../../core/text/rich-text.js';
import { admitActor } from '../oversight/admit.js';
import type { Runtime } from '../runtime.js';
import { ENGINEERING_LEAD, recordAccessRefused } from './incident-access.js';
import { recordIncident } from './incident-lifecycle.js';

/** Whether an incident of this severity gets a customer notification drafted (those that page: customer-facing). */
export function needsCustomerNotice(rt: Runtime, severity: string): boolean {
  return ownEntry(rt.config.config.incidents.severities, severity)?.page ?? false;
}

/** What the draft message shows: the text customers would read, where it goes, and who approved it once posted. */
export interface CustomerNoticeView {
  readonly incident: IncidentRecord;
  readonly statusChannel: string;
  readonly approvedBy: string | undefined;
}

/** The draft message of an incident, as stored now; undefined before there is one. */
export async function customerNoticeView(rt: Runtime, id: string): Promise<CustomerNoticeView | undefined> {
  const incident = await rt.incidents.get(id);
  if (!incident?.channelId || incident.customerNoticeState === 'none') return undefined;
  const approved = (await rt.events.forSubject(id)).find(
    (e) => e.type === 'incident.customer_notice_approved',
  );
  return { incident, statusChannel: rt.config.config.incidents.status_channel, approvedBy: approved?.actor };
}

/**
 * Drafts the customer notification from the template (chapter 6.4) with the incident's fields, in its channel. The
 * draft is plain text (times in UTC: customers are not in the workspace's zones) that the commander may edit.
 */
export async function draftCustomerNotice(rt: Runtime, id: string): Promise<void> {
  const incident = await rt.incidents.get(id);
  if (incident?.customerNoticeState !== 'none') return;
  const policy = ownEntry(rt.config.config.incidents.severities, incident.severity);
  const nextUpdate = new Date(
    incident.declaredAt.getTime() + (policy?.update_every?.ms ?? policy?.respond_within.ms ?? 0),
  );
  const text = rt.templates.render('incident-customer-notification.mustache', {
    service: incident.service ?? incident.title,
    impact: incident.title.trim(),
    started_at: instant(incident.declaredAt),
    next_update: instant(nextUpdate),
    status_page: rt.config.config.incidents.status_channel,
  });
  const now = rt.clock.now();
  await rt.tx.transaction(async () => {
    await rt.incidents.update(id, { customerNotice: toPlainText(text), customerNoticeState: 'draft' }, now);
    await rt.events.append({
      at: now,
      actor: SHIPGATE,
      subject: id,
      type: 'incident.customer_notice_drafted',
      payload: {},
    });
    await rt.notifier.redraw('customer-notice', id, now);
  });
}

/**
 * Whether `userId` may edit the draft of `id`: only while it is a draft, and only the commander or an engineering
 * lead (the people answerable for what customers read). A refusal is recorded and says why.
 */
export async function mayEditCustomerNotice(
  rt: Runtime,
  id: string,
  userId: string,
): Promise<RichText | undefined> {
  const incident = await rt.incidents.get(id);
  if (!incident) return rich`${id} does not exist.`;
  if (incident.customerNoticeState !== 'draft')
    return rich`The customer notification of ${id} was already posted.`;
  if (userId === incident.commander || rt.roster.members(ENGINEERING_LEAD).includes(userId)) return undefined;
  await recordAccessRefused(
    rt,
    incident,
    { userId, channelId: incident.channelId ?? '' },
    'notice_edit',
    'not_in_charge',
  );
  return rich`Only the incident commander (${mention(incident.commander)}) or an engineering lead can edit what customers read.`;
}

/** Saves an edited draft (from the modal) and redraws it; a refusal says why (already posted, not theirs to edit). */
export async function editCustomerNotice(
  rt: Runtime,
  id: string,
  userId: string,
  text: string,
): Promise<RichText | undefined> {
  const refused = await mayEditCustomerNotice(rt, id, userId);
  if (refused) return refused;
  await rt.tx.transaction(async () => {
    await recordIncident(
      rt,
      id,
      'incident.note_added',
      { id: userId, kind: 'human' },
      { text: 'Customer notification draft edited.' },
      { customerNotice: text },
    );
    await rt.notifier.redraw('customer-notice', id, rt.clock.now());
  });
  return undefined;
}

/**
 * The commander's approval: only the incident's commander (from the stored incident, never the button) may post
 * the notification to customers. Posting goes through the durable outbox; the text is what the commander approved,
 * shown as written (never as markup).
 */
export async function approveCustomerNotice(
  rt: Runtime,
  id: string,
  userId: string,
  kind: ActorKind,
): Promise<RichText> {
  const incident = await rt.incidents.get(id);
  if (!incident) return rich`${id} does not exist.`;
  if (incident.customerNoticeState !== 'draft')
    return rich`The customer notification of ${id} was already posted.`;
  const admitted = await admitActor(rt, { id: userId, kind }, 'incident.command', id);
  if (!admitted.ok) return admitted.message;
  if (userId !== incident.commander) {
    await recordAccessRefused(
      rt,
      incident,
      { userId, channelId: incident.channelId ?? '' },
      'notice_approve',
      'not_in_charge',
    );
    return rich`Only the incident commander (${mention(incident.commander)}) can approve what customers read.`;
  }
  const statusChannel = rt.config.config.incidents.status_channel;
  await rt.tx.transaction(async () => {
    const notice = incident.customerNotice ?? '';
    await recordIncident(
      rt,
      id,
      'incident.customer_notice_approved',
      { id: userId, kind },
      { notice },
      { customerNoticeState: 'posted' },
    );
    await rt.notifier.post(statusChannel, plain(notice), id, rt.clock.now());
    await recordIncident(rt, id, 'incident.customer_notice_posted', SHIPGATE, {
      notice,
      channel: statusChannel,
    });
    await rt.notifier.redraw('customer-notice', id, rt.clock.now());
  });
  return rich`Posted the customer notification of ${id} in ${configuredChannel(statusChannel)}.`;
}
