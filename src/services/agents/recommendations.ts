import type { Actor } from '../../core/actor.js';
import type { DeployRecord } from '../../core/deploys/deploy-record.js';
import { rich } from '../../core/text/rich-text.js';
import { recordUnshownChange, threadNote } from '../deploys/deploy-lifecycle.js';
import { admitActor } from '../oversight/admit.js';
import type { Runtime } from '../runtime.js';
import type { AgentIdentity, AgentResult, RecommendationInput } from './agent-door.js';
import { notFound } from './agent-reads.js';

/** The event a recommendation is stored as, on its deploy. */
export const RECOMMENDATION_POSTED = 'deploy.recommendation_posted';
/** The event a human's answer to a recommendation is stored as. */
export const RECOMMENDATION_DECIDED = 'deploy.recommendation_decided';

/** What a human did with a recommendation. */
export type RecommendationDecision = 'accepted' | 'dismissed';

/** A recommendation as stored, with the human decision on it once there is one. */
export interface Recommendation {
  readonly id: string;
  readonly deployId: string;
  readonly agent: string;
  readonly action: RecommendationInput['action'];
  readonly reasoning: string;
  readonly metrics: Readonly<Record<string, number>>;
  readonly at: Date;
  readonly decided?: { readonly decision: RecommendationDecision; readonly by: string; readonly at: Date };
}

/** Deploy states a recommendation can still change something in. */
const OPEN_STATES = new Set(['running', 'watching']);

/** Every recommendation on a deploy, oldest first, read from its events. */
export async function recommendationsOf(rt: Runtime, deployId: string): Promise<Recommendation[]> {
  const found: Recommendation[] = [];
  for (const e of await rt.events.forSubject(deployId)) {
    const p = e.payload as Record<string, unknown>;
    if (e.type === RECOMMENDATION_POSTED)
      found.push({
        id: String(p.recommendation),
        deployId,
        agent: e.actor,
        action: p.action as Recommendation['action'],
        reasoning: String(p.reasoning ?? ''),
        metrics: (p.metrics ?? {}) as Record<string, number>,
        at: e.at,
      });
    else if (e.type === RECOMMENDATION_DECIDED) {
      const n = found.findIndex((r) => r.id === p.recommendation);
      const rec = found[n];
      if (rec && !rec.decided)
        found[n] = {
          ...rec,
          decided: { decision: p.decision as RecommendationDecision, by: e.actor, at: e.at },
        };
    }
  }
  return found;
}

/** The recommendation the deploy's recommendation message shows: the newest one. */
export async function latestRecommendation(
  rt: Runtime,
  deployId: string,
): Promise<Recommendation | undefined> {
  return (await recommendationsOf(rt, deployId)).at(-1);
}

/**
 * An agent's recommendation on a running or watched deploy (continue / pause / roll back, with its reasoning and
 * metrics): stored as an event first, then shown in the deploy's thread with buttons for the people who decide a
 * rollback. It changes nothing by itself; a person's click does, as that person (chapter 2.2: "Human MUST: review
 * AI Agent recommendations").
 */
export async function postRecommendation(
  rt: Runtime,
  agent: AgentIdentity,
  deployId: string,
  input: RecommendationInput,
): Promise<AgentResult<{ id: string }>> {
  const deploy = await rt.deploys.get(deployId);
  if (!deploy) return notFound(deployId);
  const admitted = await admitActor(rt, agent.actor, 'deploy.recommend', deployId);
  if (!admitted.ok)
    return { ok: false, status: 403, error: 'forbidden', rule: admitted.rule, reason: admitted.reason };
  if (!OPEN_STATES.has(deploy.state))
    return {
      ok: false,
      status: 409,
      error: 'conflict',
      reason: `${deployId} is ${deploy.state}; recommendations are taken while a deploy is running or watched`,
    };
  const id = `${deployId}-R${(await recommendationsOf(rt, deployId)).length + 1}`;
  const now = rt.clock.now();
  await rt.tx.transaction(async () => {
    await recordUnshownChange(
      rt,
      deployId,
      RECOMMENDATION_POSTED,
      agent.actor,
      {},
      {
        recommendation: id,
        action: input.action,
        reasoning: input.reasoning,
        metrics: { ...(input.metrics ?? {}) },
      },
    );
    await threadNote(
      rt,
      deployId,
      rich`:robot_face: Agent ${agent.name} recommends *${input.action}* (${id}): ${input.reasoning}`,
    );
    await rt.notifier.redraw('agent-recommendation', deployId, now);
  });
  rt.notifier.flush();
  return { ok: true, value: { id } };
}

/** Records a person's decision on a recommendation and redraws its message (call inside the transaction). */
export async function recordRecommendationDecision(
  rt: Runtime,
  rec: Recommendation,
  by: Actor,
  decision: RecommendationDecision,
): Promise<void> {
  await recordUnshownChange(
    rt,
    rec.deployId,
    RECOMMENDATION_DECIDED,
    by,
    {},
    {
      recommendation: rec.id,
      decision,
      action: rec.action,
    },
  );
  await rt.notifier.redraw('agent-recommendation', rec.deployId, rt.clock.now());
}

/** What the recommendation message of a deploy shows: the deploy and its newest recommendation. */
export interface RecommendationView {
  readonly deploy: DeployRecord;
  readonly recommendation: Recommendation;
}

/** The recommendation message's content as stored now, or undefined when the deploy has none. */
export async function recommendationView(
  rt: Runtime,
  deployId: string,
): Promise<RecommendationView | undefined> {
  const deploy = await rt.deploys.get(deployId);
  const recommendation = deploy ? await latestRecommendation(rt, deployId) : undefined;
  return deploy && recommendation ? { deploy, recommendation } : undefined;
}
