import type { DeployState } from './deploy-types.js';

/** Everything that can happen to a deploy request; each names one edge of the transition table. */
export const DEPLOY_EVENTS = [
  'request',
  'queue',
  'lane_free',
  'validate',
  'validations_passed',
  'validations_failed',
  'no_approval_needed',
  'approve_partial',
  'approve_complete',
  'escalate',
  'reject',
  'expire',
  'cancel',
  'refuse',
  'start',
  'succeed',
  'fail',
  'interrupt',
  'abandon',
  'watch',
  'survive',
  'end_watch',
  'roll_back',
  'order_rollback',
  'record_running',
] as const;

/** A deploy event name. */
export type DeployEvent = (typeof DEPLOY_EVENTS)[number];

type Edges = Readonly<Partial<Record<DeployEvent, DeployState>>>;

/**
 * Before a deploy exists: `request` creates it in `requested`, `order_rollback` a rollback run in `approved`, and
 * `record_running` a finished release in `succeeded` for a version that already ran before Shipgate saw the service
 * (the sandbox's starting point), so the first real deploy has a version to roll back to.
 */
const BEFORE_REQUEST: Edges = {
  request: 'requested',
  order_rollback: 'approved',
  record_running: 'succeeded',
};

/**
 * The deploy lifecycle as a table: for each state, the events it accepts and where they lead. `requested` either
 * waits for its lane (`queue`) or starts validating; a queued request is re-planned when its lane frees and
 * `refuse`d when it no longer makes sense (no longer newer, window closed); validations lead to the humans (or
 * straight to `approved` where the environment needs no approval); an approved deploy is re-checked once more and
 * starts at once (or is refused), so nobody can cancel it in between; it runs to a final state or, where the
 * service has a watch, to `watching`, which ends `succeeded` (survived, inconclusive or stopped) or `rolled_back`; a
 * deploy interrupted by a restart keeps its lane until a human `abandon`s it (after checking the target). A
 * rollback run starts `approved` (`order_rollback`: one human click, or the policy's automatic rollback). Final
 * states accept nothing, except that a succeeded release can still be rolled back. A running deploy is rolled back
 * at a safe point between steps (a canary gate that failed, or a human's `/rollback` while it runs).
 */
const TRANSITIONS = {
  requested: { queue: 'queued', validate: 'validating' },
  queued: { lane_free: 'validating', refuse: 'refused', cancel: 'cancelled' },
  validating: {
    validations_passed: 'awaiting_approval',
    no_approval_needed: 'approved',
    validations_failed: 'failed',
    cancel: 'cancelled',
  },
  awaiting_approval: {
    approve_partial: 'awaiting_approval',
    approve_complete: 'approved',
    escalate: 'escalated',
    reject: 'rejected',
    expire: 'expired',
    cancel: 'cancelled',
  },
  escalated: {
    approve_partial: 'escalated',
    approve_complete: 'approved',
    reject: 'rejected',
    expire: 'expired',
    cancel: 'cancelled',
  },
  approved: { start: 'running', refuse: 'refused' },
  running: {
    succeed: 'succeeded',
    watch: 'watching',
    fail: 'failed',
    interrupt: 'interrupted',
    roll_back: 'rolled_back',
  },
  watching: { survive: 'succeeded', end_watch: 'succeeded', roll_back: 'rolled_back' },
  interrupted: { abandon: 'failed' },
  succeeded: { roll_back: 'rolled_back' },
  rolled_back: {},
  failed: {},
  rejected: {},
  expired: {},
  cancelled: {},
  refused: {},
} as const satisfies Record<DeployState, Edges>;

/** The result of applying an event: the next state, or why the event does not apply. */
export type DeployTransition =
  | { readonly ok: true; readonly state: DeployState }
  | { readonly ok: false; readonly reason: string };

/** True for states a deploy never leaves. */
export function isFinalDeployState(state: DeployState): boolean {
  switch (state) {
    case 'succeeded':
    case 'failed':
    case 'rejected':
    case 'expired':
    case 'cancelled':
    case 'refused':
    case 'rolled_back':
      return true;
    case 'requested':
    case 'queued':
    case 'validating':
    case 'awaiting_approval':
    case 'escalated':
    case 'approved':
    case 'running':
    case 'watching':
    case 'interrupted':
      return false;
    default:
      return unreachable(state);
  }
}

function unreachable(state: never): never {
  throw new TypeError(`unknown deploy state ${String(state)}`);
}

/** The events a state accepts, in table order. */
export function acceptedEvents(state: DeployState): DeployEvent[] {
  const edges: Edges = TRANSITIONS[state];
  return DEPLOY_EVENTS.filter((event) => edges[event] !== undefined);
}

/** How a state reads in a sentence ("awaiting approval"). */
export function describeDeployState(state: DeployState): string {
  return state.replaceAll('_', ' ');
}

/**
 * Applies one event to a deploy's state (`undefined` = no deploy yet, which accepts only `request`); refusals say
 * what the state accepts instead.
 */
export function transition(state: DeployState | undefined, event: DeployEvent): DeployTransition {
  const edges: Edges = state === undefined ? BEFORE_REQUEST : TRANSITIONS[state];
  const next = edges[event];
  if (next !== undefined) return { ok: true, state: next };
  if (state === undefined)
    return { ok: false, reason: `There is no deploy yet; it starts with "request", not "${event}".` };
  const label = describeDeployState(state);
  if (isFinalDeployState(state))
    return {
      ok: false,
      reason: `The deploy is already ${label}; a finished deploy accepts no more changes.`,
    };
  const accepted = acceptedEvents(state).join(', ');
  return { ok: false, reason: `A deploy that is ${label} cannot take "${event}"; it accepts ${accepted}.` };
}
