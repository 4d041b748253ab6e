import type { App, BlockAction, CheckboxesAction } from '@slack/bolt';
import type { Logger } from 'pino';
import type { SecretValues } from '../core/text/secret-values.js';
import type { ReadinessService } from '../services/readiness/readiness-service.js';
import { readinessMessageOf } from './blocks/readiness-message.js';
import { IDS } from './ids.js';
import { toMrkdwn } from './render-mrkdwn.js';

/**
 * The checkboxes of a readiness message. Acks first; the block id names only the message, the changed box is found
 * by comparing what Slack sends with the stored assessment, and whether the clicker may tick it is decided by the
 * readiness service from the stored config. A refusal is shown only to the clicker; a tick redraws the message.
 */
export function registerReadinessActions(
  app: App,
  readiness: ReadinessService,
  logger: Logger,
  secrets: SecretValues,
): void {
  app.action<BlockAction<CheckboxesAction>>(IDS.readinessAttest, async ({ ack, body, action, respond }) => {
    await ack();
    const id = readinessMessageOf(action.block_id) ?? '';
    const view = await readiness.view(id);
    const selected = new Set((action.selected_options ?? []).map((o) => o.value));
    const offered = (
      body.message?.blocks as
        | { block_id?: string; elements?: { options?: { value: string }[] }[] }[]
        | undefined
    )
      ?.find((b) => b.block_id === action.block_id)
      ?.elements?.[0]?.options?.map((o) => o.value);
    const changed = (view?.assessment.items ?? []).filter(
      (item) =>
        item.kind === 'attest' && (offered ?? []).includes(item.id) && selected.has(item.id) !== item.passed,
    );
    const answers: string[] = [];
    for (const item of changed) {
      const decision = await readiness.toggle(id, item.id, body.user.id, selected.has(item.id));
      if (decision.after) readiness.rt.work.start('readiness redraw', decision.after);
      if (!decision.ok) answers.push(toMrkdwn(decision.message, undefined, secrets));
    }
    if (view === undefined)
      answers.push('This readiness message is not known to Shipgate any more; run /readiness again.');
    if (answers.length === 0) return;
    await respond({ response_type: 'ephemeral', replace_original: false, text: answers.join('\n') }).catch(
      (err: unknown) => logger.warn({ err }, 'could not answer a readiness click'),
    );
  });
}
