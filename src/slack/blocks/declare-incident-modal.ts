import type { ViewStateValue } from '@slack/bolt';
import type { KnownBlock, View } from '@slack/types';
import { SEVERITIES, type Severity } from '../../core/config/shipgate-config-schema.js';
import { escapeMrkdwn } from './command-reply.js';

/** Callback, block and action ids of the "Declare incident" message shortcut and its modal. */
export const DECLARE_FROM_MESSAGE = {
  shortcut: 'incident.declare_from_message',
  modal: 'incident.declare_from_message.modal',
  severityBlock: 'severity',
  severityInput: 'severity_input',
  titleBlock: 'title',
  titleInput: 'title_input',
  serviceBlock: 'service',
  serviceInput: 'service_input',
  privateBlock: 'private',
  privateInput: 'private_input',
} as const;

/** The longest incident title, as `/incident declare` allows it. */
export const TITLE_MAX = 150;
const METADATA_MAX = 3000;
const ids = DECLARE_FROM_MESSAGE;

/** The message the shortcut was run on, carried through the modal's `private_metadata`. */
export interface ShortcutMessage {
  readonly channel: string;
  readonly ts: string;
  readonly text: string;
  readonly user?: string;
  readonly botId?: string;
}

/** What the person filled in. */
export interface DeclareForm {
  readonly severity: Severity;
  readonly title: string;
  readonly service: string | undefined;
  readonly private: boolean;
}

/** A title suggestion: the message's first non-empty line, cut to {@link TITLE_MAX}. */
export function titleFromMessage(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? '';
  return line.trim().slice(0, TITLE_MAX);
}

/** Packs the message reference into `private_metadata` (≤ 3000 characters), shortening its text when needed. */
export function packMessage(message: ShortcutMessage): string {
  let text = message.text;
  for (;;) {
    const packed = JSON.stringify({ ...message, text });
    if (packed.length <= METADATA_MAX) return packed;
    text = text.slice(0, Math.max(0, text.length - (packed.length - METADATA_MAX) - 1));
  }
}

/** Reads `private_metadata` back; undefined when it is not a message reference Shipgate packed. */
export function unpackMessage(metadata: string): ShortcutMessage | undefined {
  try {
    const m = JSON.parse(metadata) as Partial<ShortcutMessage>;
    if (typeof m.channel !== 'string' || typeof m.ts !== 'string' || typeof m.text !== 'string')
      return undefined;
    return {
      channel: m.channel,
      ts: m.ts,
      text: m.text,
      ...(typeof m.user === 'string' ? { user: m.user } : {}),
      ...(typeof m.botId === 'string' ? { botId: m.botId } : {}),
    };
  } catch {
    return undefined;
  }
}

const plain = (text: string) => ({ type: 'plain_text' as const, text });

/**
 * The modal the shortcut opens: severity (SEV-1..4 with their response times), a title prefilled from the message's
 * first line, the service (from the config, optional) and a private checkbox. The message rides along in
 * `private_metadata`, so the submission needs nothing from the payload but the person's choices.
 */
export function declareIncidentModal(
  message: ShortcutMessage,
  services: readonly string[],
  respondWithin: Readonly<Record<Severity, string>>,
): View {
  const title = titleFromMessage(message.text);
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `The message becomes the first entry of the incident's timeline:\n>${escapeMrkdwn(title || '(no text)')}`,
      },
    },
    {
      type: 'input',
      block_id: ids.severityBlock,
      label: plain('Severity'),
      element: {
        type: 'static_select',
        action_id: ids.severityInput,
        placeholder: plain('Choose a severity'),
        options: SEVERITIES.map((s) => ({
          text: plain(`${s} (respond within ${respondWithin[s]})`),
          value: s,
        })),
      },
    },
    {
      type: 'input',
      block_id: ids.titleBlock,
      label: plain('Title'),
      element: {
        type: 'plain_text_input',
        action_id: ids.titleInput,
        max_length: TITLE_MAX,
        ...(title ? { initial_value: title } : {}),
      },
    },
  ];
  if (services.length > 0)
    blocks.push({
      type: 'input',
      block_id: ids.serviceBlock,
      optional: true,
      label: plain('Service'),
      element: {
        type: 'static_select',
        action_id: ids.serviceInput,
        placeholder: plain('Affected service'),
        options: services.slice(0, 100).map((s) => ({ text: plain(s.slice(0, 75)), value: s })),
      },
    });
  blocks.push({
    type: 'input',
    block_id: ids.privateBlock,
    optional: true,
    label: plain('Visibility'),
    element: {
      type: 'checkboxes',
      action_id: ids.privateInput,
      options: [{ text: plain('Private incident channel'), value: 'private' }],
    },
  });
  return {
    type: 'modal',
    callback_id: ids.modal,
    private_metadata: packMessage(message),
    title: plain('Declare incident'),
    submit: plain('Declare'),
    close: plain('Cancel'),
    blocks,
  };
}

type StateValues = Readonly<Record<string, Readonly<Record<string, ViewStateValue>>>>;

/** Reads the submitted modal: the form, or Slack's `errors` map (block id → sentence) to show in the modal. */
export function readDeclareForm(
  values: StateValues,
  services: readonly string[],
): { ok: true; form: DeclareForm } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const severity = values[ids.severityBlock]?.[ids.severityInput]?.selected_option?.value ?? '';
  if (!(SEVERITIES as readonly string[]).includes(severity))
    errors[ids.severityBlock] = 'Choose a severity, SEV-1 to SEV-4.';
  const title = (values[ids.titleBlock]?.[ids.titleInput]?.value ?? '').replace(/\s+/g, ' ').trim();
  if (title === '') errors[ids.titleBlock] = 'Give the incident a title.';
  else if (title.length > TITLE_MAX) errors[ids.titleBlock] = `Keep the title to ${TITLE_MAX} characters.`;
  const service = values[ids.serviceBlock]?.[ids.serviceInput]?.selected_option?.value ?? undefined;
  if (service !== undefined && !services.includes(service))
    errors[ids.serviceBlock] = `Unknown service; known services: ${services.join(', ')}.`;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const checked = values[ids.privateBlock]?.[ids.privateInput]?.selected_options ?? [];
  return {
    ok: true,
    form: {
      severity: severity as Severity,
      title,
      service,
      private: checked.some((o) => o.value === 'private'),
    },
  };
}

/** What the modal turns into once the incident is declared: the same words `/incident declare` answers with. */
export function declaredModal(text: string): View {
  return {
    type: 'modal',
    callback_id: `${ids.modal}.done`,
    title: plain('Incident declared'),
    close: plain('Close'),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: text.slice(0, 3000) } }],
  };
}
