import { describe, expect, it } from 'vitest';
import {
  acceptedEvents,
  DEPLOY_EVENTS,
  type DeployEvent,
  isFinalDeployState,
  transition,
} from '../../../../src/core/deploys/deploy-state-machine.js';
import type { DeployState } from '../../../../src/core/deploys/deploy-types.js';

/** The lifecycle written out independently of the implementation's table. */
const EXPECTED: Record<DeployState, Partial<Record<DeployEvent, DeployState>>> = {
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
  failed: {},
  rejected: {},
  expired: {},
  cancelled: {},
  refused: {},
  rolled_back: {},
};

const STATES = Object.keys(EXPECTED) as DeployState[];
const FINAL: DeployState[] = [
  'succeeded',
  'failed',
  'rejected',
  'expired',
  'cancelled',
  'refused',
  'rolled_back',
];
/** Final states that accept nothing at all (a succeeded release can still be rolled back). */
const CLOSED = FINAL.filter((s) => s !== 'succeeded');

const allowed = STATES.flatMap((state) =>
  Object.entries(EXPECTED[state]).map(([event, next]) => [state, event as DeployEvent, next] as const),
);
const refused = STATES.flatMap((state) =>
  DEPLOY_EVENTS.filter((event) => EXPECTED[state][event] === undefined).map(
    (event) => [state, event] as const,
  ),
);

describe('deploy state machine', () => {
  it.each(allowed)('moves %s on %s to %s', (state, event, next) => {
    expect(transition(state, event)).toEqual({ ok: true, state: next });
  });

  it(`refuses every other state and event pair (${refused.length} of them)`, () => {
    for (const [state, event] of refused)
      expect(transition(state, event).ok, `${state} + ${event}`).toBe(false);
  });

  it('creates a deploy with request, and a rollback run approved with order_rollback', () => {
    expect(transition(undefined, 'request')).toEqual({ ok: true, state: 'requested' });
    expect(transition(undefined, 'order_rollback')).toEqual({ ok: true, state: 'approved' });
    expect(transition(undefined, 'record_running')).toEqual({ ok: true, state: 'succeeded' });
    expect(transition(undefined, 'start')).toEqual({
      ok: false,
      reason: 'There is no deploy yet; it starts with "request", not "start".',
    });
    expect(transition('requested', 'request').ok).toBe(false);
  });

  it('refuses to start a deploy that is still awaiting approval, saying what it accepts', () => {
    expect(transition('awaiting_approval', 'start')).toEqual({
      ok: false,
      reason:
        'A deploy that is awaiting approval cannot take "start"; it accepts approve_partial, approve_complete, escalate, reject, expire, cancel.',
    });
  });

  it('refuses to cancel a running deploy (a rollback is the way back)', () => {
    expect(transition('running', 'cancel').ok).toBe(false);
  });

  it('does not let an escalated request escalate again', () => {
    expect(transition('escalated', 'escalate').ok).toBe(false);
  });

  it.each(CLOSED)('accepts nothing once %s', (state) => {
    expect(isFinalDeployState(state)).toBe(true);
    expect(acceptedEvents(state)).toEqual([]);
    const result = transition(state, 'cancel');
    expect(result).toEqual({
      ok: false,
      reason: `The deploy is already ${state.replaceAll('_', ' ')}; a finished deploy accepts no more changes.`,
    });
  });

  it('lets a succeeded release be rolled back and nothing else', () => {
    expect(acceptedEvents('succeeded')).toEqual(['roll_back']);
  });

  it('treats only the seven outcomes as final', () => {
    expect(STATES.filter(isFinalDeployState)).toEqual(FINAL);
  });

  it('keeps an interrupted deploy waiting for a human decision', () => {
    expect(isFinalDeployState('interrupted')).toBe(false);
    expect(acceptedEvents('interrupted')).toEqual(['abandon']);
  });
});
