import type { App, BlockAction, ButtonAction, CheckboxesAction } from '@slack/bolt';
import type { Logger } from 'pino';
import type { SecretValues } from '../core/text/secret-values.js';
import type { DeployService } from '../services/deploys/deploy-service.js';
import { rejectModal } from './blocks/deploy-message.js';
import { IDS } from './ids.js';
import { toMrkdwn } from './render-mrkdwn.js';

/**
 * The approval buttons and the reject modal. Every handler acks first; the button carries only the deploy id, and
 * whether the clicker may act is decided by the deploy service from stored records. Answers go back only to the
 * person who clicked, with the configured secret values redacted.
 */
export function registerDeployActions(
  app: App,
  deploys: DeployService,
  logger: Logger,
  secrets: SecretValues,
): void {
  app.action<BlockAction<ButtonAction>>(IDS.deployApprove, async ({ ack, body, action, respond }) => {
    await ack();
    const message = await deploys.approve(action.value ?? '', body.user.id).then(
      (text) => toMrkdwn(text, undefined, secrets),
      (err: unknown) => {
        logger.error({ err }, 'approval click failed');
        return 'Shipgate could not check your approval with Slack just now; nothing was recorded. Please click again.';
      },
    );
    await respond({ response_type: 'ephemeral', replace_original: false, text: message }).catch(
      (err: unknown) => logger.warn({ err }, 'could not answer an approval click'),
    );
  });

  app.action<BlockAction<ButtonAction>>(IDS.deployReject, async ({ ack, body, action, respond, client }) => {
    await ack();
    const id = action.value ?? '';
    const allowed = await deploys.mayReject(id, body.user.id);
    if (!allowed.ok) {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: toMrkdwn(allowed.message, undefined, secrets),
      }).catch((err: unknown) => logger.warn({ err }, 'could not answer a reject click'));
      return;
    }
    const deploy = (await deploys.view(id))?.deploy;
    await client.views.open({
      trigger_id: body.trigger_id,
      view: secrets.redactDeep(rejectModal(id, `${deploy?.service} ${deploy?.version}`)),
    });
  });

  app.action<BlockAction<CheckboxesAction>>(IDS.deployChecklist, async ({ ack, body, action, respond }) => {
    await ack();
    const [, id = '', section = ''] = action.block_id.split('|');
    const selected = action.selected_options.flatMap((o) => (o.value === undefined ? [] : [o.value]));
    const answers = await deploys.setChecklistSection(id, Number(section), selected, body.user.id);
    if (answers.length === 0) return;
    const text = answers.map((a) => toMrkdwn(a, undefined, secrets)).join('\n');
    await respond({ response_type: 'ephemeral', replace_original: false, text }).catch((err: unknown) =>
      logger.warn({ err }, 'could not answer a checklist click'),
    );
  });

  app.view(IDS.deployRejectModal, async ({ ack, body, view }) => {
    const reason =
      view.state.values[IDS.deployRejectReasonBlock]?.[IDS.deployRejectReasonInput]?.value?.trim() ?? '';
    if (reason.length < 3) {
      await ack({
        response_action: 'errors',
        errors: { [IDS.deployRejectReasonBlock]: 'Give a reason of a few words.' },
      });
      return;
    }
    await ack();
    const message = await deploys.reject(view.private_metadata, body.user.id, reason);
    logger.info(
      { deploy: view.private_metadata, user: body.user.id, message: toMrkdwn(message) },
      'reject submitted',
    );
  });
}
