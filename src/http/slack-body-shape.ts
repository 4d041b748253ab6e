import { parse } from 'node:querystring';

/** What a verified Slack body turned out to be, or why it is not a Slack request at all. */
export type SlackBodyShape =
  | {
      readonly ok: true;
      /**
       * `event`: an Events API callback with its `event_id` (Slack retries those, and they are remembered by event
       * id); `command`: a slash command; `interaction`: a `payload=` form; `ssl_check`; `other` JSON (e.g.
       * `url_verification`).
       */
      readonly kind: 'event' | 'command' | 'interaction' | 'ssl_check' | 'other';
    }
  | { readonly ok: false; readonly problem: string };

/** The content type Bolt's receiver reads as a form; any other body is read as JSON, as Bolt does. */
const FORM = 'application/x-www-form-urlencoded';

const malformed = (problem: string): SlackBodyShape => ({ ok: false, problem });

/**
 * Checks a body the way Bolt's `HTTPReceiver` is about to parse it (`parseHTTPRequestBody`: a form when the
 * content type is exactly `application/x-www-form-urlencoded`, its `payload` field as JSON when present, JSON
 * otherwise), so nothing Bolt cannot handle reaches it: a form must carry one `command` (a slash command), one
 * `payload` that is a JSON object with a `type` (interactivity) or `ssl_check=1`; a JSON body must be an object with
 * a `type`. Bolt reads `body.ssl_check` of whatever it parsed, so a `null` would throw outside any handler.
 */
export function slackBodyShape(raw: Buffer, contentType: string | undefined): SlackBodyShape {
  const text = raw.toString();
  if (contentType !== FORM) return jsonShape(text, 'body', 'other');
  const fields = parse(text);
  const { payload, command } = fields;
  if (payload !== undefined) {
    if (typeof payload !== 'string') return malformed('payload is given more than once');
    return jsonShape(payload, 'payload', 'interaction');
  }
  if (fields.ssl_check === '1') return { ok: true, kind: 'ssl_check' };
  if (command === undefined) return malformed('a form body must carry a command or a payload');
  if (typeof command !== 'string') return malformed('command is given more than once');
  return { ok: true, kind: 'command' };
}

function jsonShape(text: string, what: 'body' | 'payload', kind: 'other' | 'interaction'): SlackBodyShape {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return malformed(`${what} is not JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return malformed(`${what} must be a JSON object with a type`);
  const object = value as Record<string, unknown>;
  if (typeof object.type !== 'string') return malformed(`${what} must be a JSON object with a type`);
  if (kind === 'other' && object.type === 'event_callback' && typeof object.event_id === 'string')
    return { ok: true, kind: 'event' };
  return { ok: true, kind };
}
