import type { Actor } from '../actor.js';
import { BOUNDARY, type BoundaryRule, type OversightAction } from './boundary.js';

/** The boundary's answer: allowed (with the authority a human-decided action ran under), or refused with the rule. */
export type BoundaryDecision =
  | { readonly allowed: true; readonly rule: string; readonly authority?: string }
  | { readonly allowed: false; readonly rule: string; readonly reason: string };

/** The human decision an action by Shipgate carries out, when there is one (see {@link Permission}). */
export interface HumanDecision {
  /** Who or what decided, for the audit: "approved by U1 (team-lead), U2 (on-call-engineer)", a policy file. */
  readonly authority: string;
}

const byAction = new Map(BOUNDARY.map((r) => [r.action, r] as const));

const WHO = {
  human: 'people',
  bot: 'Bots',
  agent: 'AI agents',
  shipgate: 'Shipgate itself',
} as const;

/** The row of one action (every action has exactly one). */
export function boundaryRule(action: OversightAction): BoundaryRule {
  const row = byAction.get(action);
  if (!row) throw new Error(`no boundary rule for ${action}`);
  return row;
}

/**
 * Whether `actor` may do `action`. Pure: the services pass the stored facts (the human decision behind an action
 * of Shipgate's own) and record a refusal as an event.
 */
export function decideBoundary(
  actor: Actor,
  action: OversightAction,
  decided?: HumanDecision,
): BoundaryDecision {
  const row = boundaryRule(action);
  const permission = row.permissions[actor.kind];
  if (permission === 'allow') return { allowed: true, rule: row.rule };
  if (permission === 'human_decision' && decided)
    return { allowed: true, rule: row.rule, authority: decided.authority };
  const reason =
    permission === 'human_decision'
      ? `${WHO[actor.kind]} may ${row.what} only to carry out a decision people made, and none is recorded (${row.chapter}).`
      : actor.kind === 'human'
        ? `Nobody may ${row.what} through Shipgate (${row.chapter}).`
        : `${WHO[actor.kind]} may not ${row.what}: a person has to (${row.chapter}).`;
  return { allowed: false, rule: row.rule, reason };
}
