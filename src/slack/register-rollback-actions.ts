import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { Logger } from 'pino';
import type { SecretValues } from '../core/text/secret-values.js';
import type { Decision } from '../services/answer.js';
import type { RollbackService } from '../services/rollback/rollback-service.js';
import { IDS } from './ids.js';
import { toMrkdwn } from './render-mrkdwn.js';

/**
 * The rollback buttons: **Roll back now** on a `/rollback` plan, and **Roll back now** / **Keep** / **Mark good**
 * on a watch's recommendation. Each acks first; the button carries only a plan or a deploy id, and whether the
 * clicker may act is decided by the rollback service from stored roles (bots and agents never may). The answer goes
 * only to the person who clicked; the rollback itself runs after it.
 */
export function registerRollbackActions(
  app: App,
  rollbacks: RollbackService,
  logger: Logger,
  secrets: SecretValues,
): void {
  const answer = async (decision: Decision, respond: (m: object) => Promise<unknown>) => {
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      text: toMrkdwn(decision.message, undefined, secrets),
    }).catch((err: unknown) => logger.warn({ err }, 'could not answer a rollback click'));
    await decision.after?.().catch((err: unknown) => logger.error({ err }, 'rollback run failed'));
  };
  app.action<BlockAction<ButtonAction>>(IDS.rollbackNow, async ({ ack, body, action, respond }) => {
    await ack();
    await answer(await rollbacks.confirm(body.user.id, action.value ?? ''), respond);
  });
  const recommendation = [
    [IDS.recommendationAccept, 'accept'],
    [IDS.recommendationDismiss, 'dismiss'],
  ] as const;
  for (const [actionId, choice] of recommendation)
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, respond }) => {
      await ack();
      await answer(await rollbacks.decideRecommendation(body.user.id, action.value ?? '', choice), respond);
    });
  const decisions = [
    [IDS.watchRollback, 'rollback'],
    [IDS.watchKeep, 'keep'],
    [IDS.watchGood, 'good'],
  ] as const;
  for (const [actionId, what] of decisions)
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, respond }) => {
      await ack();
      await answer(await rollbacks.decide(body.user.id, action.value ?? '', what), respond);
    });
}
