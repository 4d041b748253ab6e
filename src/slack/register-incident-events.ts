import type { App, MessageShortcut, ViewSubmitAction } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Severity } from '../core/config/shipgate-config-schema.js';
import { toPlainText } from '../core/text/plain-text.js';
import type { SecretValues } from '../core/text/secret-values.js';
import { declareFromMessage } from '../services/incidents/declare-from-message.js';
import { attribute, pinMessage, type SourceMessage } from '../services/incidents/incident-pins.js';
import type { IncidentService } from '../services/incidents/incident-service.js';
import {
  DECLARE_FROM_MESSAGE,
  declaredModal,
  declareIncidentModal,
  readDeclareForm,
  type ShortcutMessage,
  unpackMessage,
} from './blocks/declare-incident-modal.js';
import { toMrkdwn } from './render-mrkdwn.js';

/** The reaction that puts a message on an incident's timeline: 📌. */
export const PIN_REACTION = 'pushpin';

/**
 * Incident inputs from outside `/incident`: a 📌 reaction in an incident channel adds the message to the timeline,
 * and the "Declare incident" message shortcut opens a modal whose submission declares an incident that starts
 * with that message. Listeners ack first (Bolt acks events itself); the modal is validated before its ack so
 * mistakes show beside the field. The configured secret values are redacted from the modal and its answers.
 */
export function registerIncidentEvents(
  app: App,
  incidents: IncidentService,
  logger: Logger,
  secrets: SecretValues,
): void {
  const { rt } = incidents;
  const services = () => Object.keys(rt.config.config.services);

  app.event('reaction_added', async ({ event }) => {
    if (event.reaction !== PIN_REACTION || event.item.type !== 'message') return;
    const { channel, ts } = event.item;
    const outcome = await pinMessage(rt, { channel, ts, pinnedBy: event.user }).catch((err: unknown) => {
      logger.warn({ err, channel, ts }, 'could not add a pinned message to the timeline');
      return 'failed' as const;
    });
    const level = outcome === 'not_an_incident_channel' ? 'debug' : 'info';
    logger[level]({ channel, ts, outcome }, 'pushpin reaction');
  });

  app.shortcut<MessageShortcut>(DECLARE_FROM_MESSAGE.shortcut, async ({ ack, shortcut, client }) => {
    await ack();
    const { message } = shortcut;
    const botId: unknown = message.bot_id;
    const ref: ShortcutMessage = {
      channel: shortcut.channel.id,
      ts: shortcut.message_ts,
      text: message.text ?? '',
      ...(message.user ? { user: message.user } : {}),
      ...(typeof botId === 'string' ? { botId } : {}),
    };
    const severities = rt.config.config.incidents.severities;
    const respondWithin = Object.fromEntries(
      Object.entries(severities).map(([s, policy]) => [s, policy.respond_within.text]),
    ) as Record<Severity, string>;
    await client.views.open({
      trigger_id: shortcut.trigger_id,
      view: secrets.redactDeep(declareIncidentModal(ref, services(), respondWithin)),
    });
  });

  app.view<ViewSubmitAction>(DECLARE_FROM_MESSAGE.modal, async ({ ack, body, view }) => {
    const read = readDeclareForm(view.state.values, services());
    const ref = unpackMessage(view.private_metadata);
    if (!read.ok || !ref) {
      const errors = read.ok
        ? { [DECLARE_FROM_MESSAGE.titleBlock]: 'Shipgate lost track of the message; run the shortcut again.' }
        : read.errors;
      await ack({ response_action: 'errors', errors });
      return;
    }
    const message: SourceMessage = {
      channel: ref.channel,
      ts: ref.ts,
      text: ref.text,
      ...(await author(ref)),
    };
    const result = await declareFromMessage(
      incidents,
      { ...read.form, message },
      { userId: body.user.id, channelId: ref.channel },
    );
    const { answer } = result;
    if (answer.kind !== 'done') {
      const error =
        answer.kind === 'refused'
          ? secrets.redact(toPlainText(answer.text))
          : 'Shipgate could not declare it.';
      await ack({ response_action: 'errors', errors: { [DECLARE_FROM_MESSAGE.titleBlock]: error } });
      return;
    }
    await ack({ response_action: 'update', view: declaredModal(toMrkdwn(answer.text, undefined, secrets)) });
    await result.after?.().catch((err: unknown) => logger.error({ err }, 'follow-up of a declare failed'));
  });

  /** The message's author; when Slack cannot say what kind of user wrote it, a bot id decides. */
  async function author(ref: ShortcutMessage): Promise<Pick<SourceMessage, 'author' | 'authorKind'>> {
    const fallback = {
      author: ref.user ?? ref.botId ?? 'unknown',
      authorKind: ref.user ? 'human' : 'bot',
    } as const;
    try {
      return (
        (await attribute(rt, {
          ...(ref.user ? { user: ref.user } : {}),
          ...(ref.botId ? { botId: ref.botId } : {}),
        })) ?? fallback
      );
    } catch (err) {
      logger.warn({ err }, 'could not tell who wrote the message; recording it as given');
      return fallback;
    }
  }
}
