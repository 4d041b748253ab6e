import type { Actor } from '../../core/actor.js';
import type { OversightAction } from '../../core/oversight/boundary.js';
import { decideBoundary, type HumanDecision } from '../../core/oversight/decide-boundary.js';
import { type RichText, rich } from '../../core/text/rich-text.js';
import { type Decision, type Outcome, type Requester, refuse } from '../answer.js';
import type { Runtime } from '../runtime.js';

/** Who is acting: a Slack user id (its kind is asked from the workspace) or an actor whose kind is known. */
export type Acting = string | Actor;

/** The boundary's answer for one attempt, with the actor it was decided for. */
export type Admission =
  | { readonly ok: true; readonly actor: Actor; readonly authority?: string }
  | {
      readonly ok: false;
      readonly actor: Actor;
      readonly rule: string;
      readonly reason: string;
      /** What to tell whoever tried (the reason and the rule id). */
      readonly message: RichText;
    };

/** The actor behind `acting`: a Slack user's kind comes from `users.info` (cached), never from the payload. */
export async function actorOf(rt: Runtime, acting: Acting): Promise<Actor> {
  if (typeof acting !== 'string') return acting;
  return { id: acting, kind: await rt.people.kindOf(acting, rt.clock.now()) };
}

/**
 * Checks the oversight boundary (`src/core/oversight/boundary.ts`) for one attempt, in the service that would do
 * it, so every entry point — slash command, button, agent API, MCP tool, timer — passes the same table. A refusal
 * is appended to the subject's events as `oversight.refused` (actor, action, rule, reason) before anything else
 * happens, so the audit shows every attempt that was stopped.
 */
export async function admit(
  rt: Runtime,
  acting: Acting,
  action: OversightAction,
  subject: string,
  decided?: HumanDecision,
): Promise<Admission> {
  const actor = await actorOf(rt, acting);
  return await admitActor(rt, actor, action, subject, decided);
}

/** {@link admit} for an actor whose kind is already known (synchronous, for transactions and timers). */
export async function admitActor(
  rt: Runtime,
  actor: Actor,
  action: OversightAction,
  subject: string,
  decided?: HumanDecision,
): Promise<Admission> {
  const decision = decideBoundary(actor, action, decided);
  if (decision.allowed)
    return { ok: true, actor, ...(decision.authority ? { authority: decision.authority } : {}) };
  await rt.events.append({
    at: rt.clock.now(),
    actor,
    subject,
    type: 'oversight.refused',
    payload: { action, rule: decision.rule, reason: decision.reason },
  });
  rt.logger.warn({ actor, action, subject, rule: decision.rule }, 'the oversight boundary refused an action');
  return {
    ok: false,
    actor,
    rule: decision.rule,
    reason: decision.reason,
    message: rich`${decision.reason} (rule ${decision.rule})`,
  };
}

/** A refused admission as a command's answer (carrying the rule for the agent API). */
export function boundaryOutcome(refused: Extract<Admission, { ok: false }>): Outcome {
  return refuse(refused.message, { rule: refused.rule });
}

/** A refused admission as a click's answer. */
export function boundaryDecision(refused: Extract<Admission, { ok: false }>): Decision {
  return { ok: false, message: refused.message, rule: refused.rule };
}

/** The actor of a command's requester: the known actor, else the Slack user. */
export function requesterActing(who: Requester): Acting {
  return who.actor ?? who.userId;
}
