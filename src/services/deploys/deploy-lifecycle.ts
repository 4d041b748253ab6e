import type { Actor } from '../../core/actor.js';
import { type DeployEvent, transition } from '../../core/deploys/deploy-state-machine.js';
import { IDS } from '../../slack/ids.js';
import type { DeployPatch, DeployRecord } from '../../store/deploy-repository.js';
import type { DeployContext } from './deploy-context.js';

/** Why a state change did not apply (the deploy moved on meanwhile); callers answer the user with it. */
export class StaleDeployError extends Error {}

/**
 * Applies one event of the deploy state machine to the stored deploy, with its audit event, inside the caller's
 * transaction (or its own). Refuses an event the current state does not accept, so concurrent clicks, timers and
 * retries can never move a deploy twice. Asks for the live message to be redrawn.
 */
export function applyDeployEvent(
  ctx: DeployContext,
  id: string,
  event: DeployEvent,
  actor: Actor,
  patch: DeployPatch = {},
  payload: Record<string, unknown> = {},
): DeployRecord {
  return ctx.db.transaction(() => {
    const current = ctx.deploys.get(id);
    if (!current) throw new StaleDeployError(`${id} does not exist`);
    const next = transition(current.state, event);
    if (!next.ok) throw new StaleDeployError(next.reason);
    const now = ctx.clock.now();
    const updated = ctx.deploys.update(id, { ...patch, state: next.state }, now);
    ctx.events.append({
      at: now,
      actor,
      subject: id,
      type: `deploy.${event}`,
      payload: { from: current.state, to: next.state, ...payload },
    });
    ctx.sync.request(IDS.deployMessageSlot, id, now);
    return updated;
  })();
}

/** Records an audit event and redraws the message without a state change (a step finished, a role approved). */
export function recordDeployChange(
  ctx: DeployContext,
  id: string,
  type: string,
  actor: Actor,
  patch: DeployPatch,
  payload: Record<string, unknown> = {},
): DeployRecord {
  return ctx.db.transaction(() => {
    const now = ctx.clock.now();
    const updated = ctx.deploys.update(id, patch, now);
    ctx.events.append({ at: now, actor, subject: id, type, payload });
    ctx.sync.request(IDS.deployMessageSlot, id, now);
    return updated;
  })();
}

/** Posts a line in the deploy message's thread (durably, after the message exists). */
export function threadNote(ctx: DeployContext, id: string, text: string): void {
  ctx.sync.reply(IDS.deployMessageSlot, id, { text: text.slice(0, 3900) }, ctx.clock.now());
}

/** Tells one person something about a deploy, visible only to them, in the deploy's channel. */
export function tellUser(ctx: DeployContext, deploy: DeployRecord, user: string, text: string): void {
  const channel = ctx.sync.ref(IDS.deployMessageSlot, deploy.id)?.channel ?? deploy.channel;
  ctx.outbox.enqueue('chat.postEphemeral', { channel, user, text }, deploy.id, ctx.clock.now());
}
