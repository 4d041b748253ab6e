import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { Logger } from 'pino';
import { toPlainText } from '../core/text/plain-text.js';
import type { RichText } from '../core/text/rich-text.js';
import type { SecretValues } from '../core/text/secret-values.js';
import {
  approveCustomerNotice,
  editCustomerNotice,
  mayEditCustomerNotice,
} from '../services/incidents/customer-notice.js';
import { completeReview } from '../services/incidents/incident-review.js';
import type { IncidentService } from '../services/incidents/incident-service.js';
import { customerNoticeModal } from './blocks/customer-notice.js';
import { IDS } from './ids.js';
import { toMrkdwn } from './render-mrkdwn.js';

/**
 * Incident buttons: approve (the commander) or edit (the commander or an engineering lead) the customer notification,
 * mark the post-incident review done. Ack first; the
 * button carries only the incident id and who may act is decided from the stored incident and Slack's own record
 * of the user. Answers go only to the person who clicked; the configured secret values are redacted from them
 * and from the edit modal.
 */
export function registerIncidentActions(
  app: App,
  incidents: IncidentService,
  logger: Logger,
  secrets: SecretValues,
): void {
  const { rt } = incidents;
  const answer = (respond: (m: object) => Promise<unknown>, text: RichText) =>
    respond({
      response_type: 'ephemeral',
      replace_original: false,
      text: toMrkdwn(text, undefined, secrets),
    }).catch((err: unknown) => logger.warn({ err }, 'could not answer an incident click'));

  app.action<BlockAction<ButtonAction>>(IDS.noticeApprove, async ({ ack, body, action, respond }) => {
    await ack();
    const kind = await rt.people.kindOf(body.user.id, rt.clock.now());
    await answer(respond, await approveCustomerNotice(rt, action.value ?? '', body.user.id, kind));
    rt.notifier.flush();
  });

  app.action<BlockAction<ButtonAction>>(IDS.noticeEdit, async ({ ack, body, action, client, respond }) => {
    await ack();
    const view = await incidents.notice(action.value ?? '');
    if (view?.incident.customerNoticeState !== 'draft') {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: 'This customer notification can no longer be edited.',
      }).catch((err: unknown) => logger.warn({ err }, 'could not answer an incident click'));
      return;
    }
    const refused = await mayEditCustomerNotice(rt, view.incident.id, body.user.id);
    if (refused) {
      await answer(respond, refused);
      return;
    }
    await client.views.open({
      trigger_id: body.trigger_id,
      view: secrets.redactDeep(customerNoticeModal(view.incident)),
    });
  });

  app.view(IDS.noticeEditModal, async ({ ack, body, view }) => {
    const text = view.state.values[IDS.noticeTextBlock]?.[IDS.noticeTextInput]?.value?.trim() ?? '';
    if (text.length < 10) {
      await ack({
        response_action: 'errors',
        errors: { [IDS.noticeTextBlock]: 'Write what customers should read.' },
      });
      return;
    }
    const refused = await editCustomerNotice(rt, view.private_metadata, body.user.id, text);
    if (refused) {
      const error = secrets.redact(toPlainText(refused));
      await ack({ response_action: 'errors', errors: { [IDS.noticeTextBlock]: error } });
      return;
    }
    await ack();
    rt.notifier.flush();
  });

  app.action<BlockAction<ButtonAction>>(IDS.reviewDone, async ({ ack, body, action, respond }) => {
    await ack();
    const kind = await rt.people.kindOf(body.user.id, rt.clock.now());
    await answer(respond, await completeReview(rt, action.value ?? '', body.user.id, kind));
    rt.notifier.flush();
  });
}
