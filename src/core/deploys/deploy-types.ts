import type { Bump } from '../config/shipgate-config-schema.js';

export type { Bump };

/** Deployment strategies (chapter 3.1). */
export type Strategy = 'blue-green' | 'canary' | 'rolling' | 'recreate';

/** Blue-green colours: one serves traffic, the other is idle and receives the new version. */
export type Color = 'blue' | 'green';

/**
 * Life of a deploy request (chapter 3–4): `queued` waits for its lane, `validating` runs pre-deployment checks,
 * `awaiting_approval` waits for the humans (escalated after the timeout), `approved` → `running` → a final state;
 * `refused` is a request Shipgate turned down when it was about to act (re-planned and no longer valid).
 * `interrupted` marks a deploy that was running when the process died: its lane stays locked until a human acts.
 * `watching`: the steps are done and the post-deploy watch judges the release (it keeps the lane); `rolled_back`:
 * a rollback undid it (the rollback run is a deploy record of its own, `kind: 'rollback'`).
 */
export const DEPLOY_STATES = [
  'requested',
  'queued',
  'validating',
  'awaiting_approval',
  'escalated',
  'approved',
  'running',
  'watching',
  'succeeded',
  'failed',
  'rejected',
  'expired',
  'cancelled',
  'refused',
  'interrupted',
  'rolled_back',
] as const;

/** A deploy state (see {@link DEPLOY_STATES}). */
export type DeployState = (typeof DEPLOY_STATES)[number];

/** What a deploy step asks the deploy target to do; command adapters map each kind to a configured command. */
export type StepKind =
  | 'deploy'
  | 'smoke_test'
  | 'switch_traffic'
  | 'set_traffic'
  | 'health_check'
  | 'canary_stop'
  | 'terminate_canary'
  | 'document_rollback';

/** One step of a strategy's plan, with the placeholders its command receives. */
export interface PlanStep {
  /** Stable id within the plan, e.g. `deploy-green`, `traffic-25`. */
  readonly id: string;
  readonly kind: StepKind;
  /** What people read in Slack, e.g. "Switch traffic to green". */
  readonly label: string;
  readonly color?: Color;
  readonly percent?: number;
}

/** The values a step's command or webhook receives (`{service} {version} {env} {color} {percent}`). */
export interface StepContext {
  readonly deployId: string;
  readonly service: string;
  readonly version: string;
  readonly previousVersion: string | undefined;
  readonly env: string;
  readonly color?: Color;
  readonly percent?: number;
}

/** What running a step or a validation produced. */
export interface StepOutcome {
  readonly ok: boolean;
  /** One line for the Slack message, e.g. "exit 0 in 4.2 s" or "timed out after 10m". */
  readonly summary: string;
  /** The last lines of output, for the thread (at most ~40 lines / 2,500 characters). */
  readonly output: string;
  readonly durationMs: number;
  readonly timedOut: boolean;
}
