/**
 * The identity of a Slack request for de-duplication: the event id for Events API callbacks, the trigger id for
 * commands, clicks and submissions (unique per user gesture). Undefined when the payload carries neither.
 */
export function requestKey(body: Record<string, unknown>): string | undefined {
  if (typeof body.event_id === 'string') return `event:${body.event_id}`;
  const trigger = body.trigger_id;
  if (typeof trigger !== 'string') return undefined;
  if (typeof body.command === 'string') return `command:${trigger}`;
  const type = typeof body.type === 'string' ? body.type : 'interaction';
  const actions = Array.isArray(body.actions) ? (body.actions as { action_ts?: string }[]) : [];
  return `${type}:${trigger}:${actions[0]?.action_ts ?? ''}`;
}
