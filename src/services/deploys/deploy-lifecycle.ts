import { type Actor, SHIPGATE } from '../../core/actor.js';
import type { DeployPatch, DeployRecord } from '../../core/deploys/deploy-record.js';
import { type DeployEvent, transition } from '../../core/deploys/deploy-state-machine.js';
import type { RichText } from '../../core/text/rich-text.js';
import type { Runtime } from '../runtime.js';

/** Why a state change did not apply (the deploy moved on meanwhile); callers answer the user with it. */
export class StaleDeployError extends Error {}

/**
 * Applies one event of the deploy state machine to the stored deploy, with its audit event, inside the caller's
 * transaction (or its own). Refuses an event the current state does not accept, so concurrent clicks, timers and
 * retries can never move a deploy twice. Asks for the live message to be redrawn.
 */
export async function applyDeployEvent(
  rt: Runtime,
  id: string,
  event: DeployEvent,
  actor: Actor,
  patch: Omit<DeployPatch, 'state'> = {},
  payload: Record<string, unknown> = {},
): Promise<DeployRecord> {
  return await rt.tx.transaction(async () => {
    const current = await rt.deploys.get(id);
    if (!current) throw new StaleDeployError(`${id} does not exist`);
    const next = transition(current.state, event);
    if (!next.ok) throw new StaleDeployError(next.reason);
    const now = rt.clock.now();
    const updated = await rt.deploys.update(id, { ...patch, state: next.state }, now);
    await rt.events.append({
      at: now,
      actor,
      subject: id,
      type: `deploy.${event}`,
      payload: { from: current.state, to: next.state, ...payload },
    });
    await rt.notifier.redraw('deploy', id, now);
    await rt.notifier.redraw('deploy-checklist', id, now);
    return updated;
  });
}

/** Records an audit event and redraws the message without a state change (a step finished, a role approved). */
export async function recordDeployChange(
  rt: Runtime,
  id: string,
  type: string,
  actor: Actor,
  patch: Omit<DeployPatch, 'state'>,
  payload: Record<string, unknown> = {},
): Promise<DeployRecord> {
  return await rt.tx.transaction(async () => {
    const updated = await recordUnshownChange(rt, id, type, actor, patch, payload);
    await rt.notifier.redraw('deploy', id, updated.updatedAt);
    return updated;
  });
}

/**
 * {@link recordDeployChange} for a step of a deploy's run, made only while the deploy is still `running` (checked
 * in the same transaction); otherwise throws {@link StaleDeployError}. A run that was cut off — its replica stalled
 * past the run timer's lease and another replica marked the deploy interrupted — stops at its next record instead
 * of writing over what the other replica recorded and going on with the next step.
 */
export async function recordRunChange(
  rt: Runtime,
  id: string,
  type: string,
  patch: Omit<DeployPatch, 'state'>,
  payload: Record<string, unknown> = {},
): Promise<DeployRecord> {
  return await rt.tx.transaction(async () => {
    const current = await rt.deploys.get(id);
    if (current?.state !== 'running')
      throw new StaleDeployError(`${id} is ${current?.state ?? 'gone'}: its run was cut off`);
    return await recordDeployChange(rt, id, type, SHIPGATE, patch, payload);
  });
}

/**
 * Records an audit event and stores a patch that the deploy message does not show (a watch sample: the message
 * shows the watch's state, not its progress), so nothing is redrawn. Inside the caller's transaction (or its own).
 */
export async function recordUnshownChange(
  rt: Runtime,
  id: string,
  type: string,
  actor: Actor,
  patch: Omit<DeployPatch, 'state'>,
  payload: Record<string, unknown> = {},
): Promise<DeployRecord> {
  return await rt.tx.transaction(async () => {
    const now = rt.clock.now();
    const updated = await rt.deploys.update(id, patch, now);
    await rt.events.append({ at: now, actor, subject: id, type, payload });
    return updated;
  });
}

/** Posts a line in the deploy message's thread (durably, after the message exists). */
export async function threadNote(rt: Runtime, id: string, text: RichText): Promise<void> {
  await rt.notifier.threadReply('deploy', id, text, rt.clock.now());
}

/** Tells one person something about a deploy, visible only to them, in the deploy's channel. */
export async function tellUser(
  rt: Runtime,
  deploy: DeployRecord,
  user: string,
  text: RichText,
): Promise<void> {
  const channel = (await rt.notifier.locate('deploy', deploy.id))?.channel ?? deploy.channel;
  await rt.notifier.whisper(channel, user, text, deploy.id, rt.clock.now());
}
