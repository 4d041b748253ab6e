import type { MetricFinding, TriggerFiring, WatchProgress } from './watch-sample.js';

/**
 * Where a post-deploy watch is: `pending` has its baseline and waits for the steps; `gating` judges a canary step
 * before traffic moves on; `watching` samples after the last step; `recommending` waits for a human's Roll back
 * now / Keep after a trigger fired without `rollback.automatic`; the others are how it ended (`survived` a clean
 * window, `inconclusive` after too long without data, `stopped` early by a team lead, `rolled_back`).
 */
export type WatchState =
  | 'pending'
  | 'gating'
  | 'watching'
  | 'recommending'
  | 'survived'
  | 'inconclusive'
  | 'stopped'
  | 'rolled_back';

/** A canary step being judged: its traffic share, the step the rollout goes on with, and when the gate opens. */
export interface CanaryGate {
  readonly percent: number;
  /** Index of the plan step that runs once this gate passes. */
  readonly next: number;
  /** The gate passes once the watch clock (time with data) reaches this. */
  readonly untilMs: number;
}

/** A deploy's watch as stored on the deploy: the baseline, the progress and what the last sample found. */
export interface WatchRecord {
  readonly state: WatchState;
  readonly startedAt: Date;
  /** How long the watch clock must run with data (the policy's monitoring duration). */
  readonly durationMs: number;
  /** The stable version's level per metric before traffic moved; undefined where it had no data. */
  readonly baseline: Readonly<Record<string, number | undefined>>;
  readonly progress: WatchProgress;
  readonly lastFindings: readonly MetricFinding[];
  /** The last health check's line (`200 in 3 ms`). */
  readonly lastHealth?: string;
  /** When the metrics-vs-baseline line was last redrawn (it is edited every `watch.report_every`). */
  readonly reportedAt?: Date;
  /** The trigger that fired (shown until the watch ends). */
  readonly firing?: TriggerFiring;
  /** Why and by whom it ended, for the message and `/deploy status`. */
  readonly outcome?: string;
  readonly endedAt?: Date;
  /** Set once the policy's post-deployment checks were judged (at the first sample after traffic fully moved). */
  readonly verified?: boolean;
  /** Set while a canary step is judged (state `gating`, or `recommending` at that step). */
  readonly gate?: CanaryGate;
}

/** True while a watch still judges (it holds the lane). */
export function isWatchLive(watch: WatchRecord | undefined): boolean {
  return watch?.state === 'watching' || watch?.state === 'gating' || watch?.state === 'recommending';
}
