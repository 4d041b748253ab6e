import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { Logger } from 'pino';
import { approveCustomerNotice, editCustomerNotice } from '../services/incidents/customer-notice.js';
import { completeReview } from '../services/incidents/incident-review.js';
import type { IncidentService } from '../services/incidents/incident-service.js';
import { customerNoticeModal } from './blocks/customer-notice.js';
import { IDS } from './ids.js';

/**
 * Incident buttons: approve or edit the customer notification, mark the post-incident review done. Ack first; the
 * button carries only the incident id and who may act is decided from the stored incident and Slack's own record
 * of the user. Answers go only to the person who clicked.
 */
export function registerIncidentActions(app: App, incidents: IncidentService, logger: Logger): void {
  const { ctx } = incidents;
  const answer = (respond: (m: object) => Promise<unknown>, text: string) =>
    respond({ response_type: 'ephemeral', replace_original: false, text }).catch((err: unknown) =>
      logger.warn({ err }, 'could not answer an incident click'),
    );

  app.action<BlockAction<ButtonAction>>(IDS.noticeApprove, async ({ ack, body, action, respond }) => {
    await ack();
    const kind = await ctx.users.kindOf(body.user.id, ctx.clock.now());
    await answer(respond, approveCustomerNotice(ctx, action.value ?? '', body.user.id, kind));
    ctx.sync.flush();
  });

  app.action<BlockAction<ButtonAction>>(IDS.noticeEdit, async ({ ack, body, action, client, respond }) => {
    await ack();
    const incident = ctx.incidents.get(action.value ?? '');
    if (incident?.customerNoticeState !== 'draft') {
      await answer(respond, 'This customer notification can no longer be edited.');
      return;
    }
    await client.views.open({ trigger_id: body.trigger_id, view: customerNoticeModal(incident) });
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
    const refused = editCustomerNotice(ctx, view.private_metadata, body.user.id, text);
    if (refused) {
      await ack({ response_action: 'errors', errors: { [IDS.noticeTextBlock]: refused } });
      return;
    }
    await ack();
    ctx.sync.flush();
  });

  app.action<BlockAction<ButtonAction>>(IDS.reviewDone, async ({ ack, body, action, respond }) => {
    await ack();
    const kind = await ctx.users.kindOf(body.user.id, ctx.clock.now());
    await answer(respond, completeReview(ctx, action.value ?? '', body.user.id, kind));
    ctx.sync.flush();
  });
}
