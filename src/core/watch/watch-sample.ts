import type { Threshold } from '../config/threshold.js';

/** A metric query's reading in a sample: a number, or no data and why (never taken as healthy). */
export type Reading =
  | { readonly ok: true; readonly value: number }
  | { readonly ok: false; readonly reason: string };

/** What one sample saw: the new track's metrics, for canary the stable track beside it, and the health check. */
export interface WatchSample {
  readonly metrics: Readonly<Record<string, Reading>>;
  /** Canary only: the stable track's readings at the same moment, the baseline compared side by side. */
  readonly stable?: Readonly<Record<string, Reading>>;
  readonly health?: { readonly ok: boolean; readonly detail: string };
}

/** How far a watch got; stored with it after every sample, so a restart resumes where it was. */
export interface WatchProgress {
  /** Samples taken so far (all of them: `min_samples` counts these). */
  readonly samples: number;
  /** The watch clock: time with data (it stops while data is missing under `no_data: pause`). */
  readonly watchedMs: number;
  /** Time the clock stood still for lack of data. */
  readonly pausedMs: number;
  /** Consecutive failing health checks up to the last sample. */
  readonly healthStreak: number;
  /** Consecutive breaching samples per trigger and metric (`error_rate_increase:error_rate`). */
  readonly streaks: Readonly<Record<string, number>>;
  /** The required metrics that had no data in the last sample (to say so when it changes). */
  readonly noData: readonly string[];
  /** Alerts already raised in this watch (their threshold text); each is raised once. */
  readonly alerted: readonly string[];
  /** Triggers a human chose to keep the release through; they do not fire again in this watch. */
  readonly kept: readonly string[];
}

/** A watch that has not sampled yet. */
export const NEW_WATCH: WatchProgress = {
  samples: 0,
  watchedMs: 0,
  pausedMs: 0,
  healthStreak: 0,
  streaks: {},
  noData: [],
  alerted: [],
  kept: [],
};

/** One metric compared with its baseline in a sample. */
export interface MetricFinding {
  readonly metric: string;
  readonly value: number | undefined;
  readonly baseline: number | undefined;
  /** The value past which the trigger fires, in the metric's unit; undefined when no trigger judges the metric. */
  readonly limit: number | undefined;
  readonly breached: boolean;
  /** Why there is no value (or no baseline to compare with). */
  readonly noData?: string;
}

/** A rollback trigger that fired, with everything the thread must say about it. */
export interface TriggerFiring {
  /** The trigger kind, e.g. `error_rate_increase`. */
  readonly trigger: string;
  /** The trigger as the policy wrote it, e.g. `error_rate_increase: 10% (relative to the baseline)`. */
  readonly rule: string;
  readonly metric?: string;
  readonly value?: number;
  readonly baseline?: number;
  readonly limit?: number;
  readonly streak: number;
  readonly detail: string;
}

/** A monitoring alert crossed for the first time in this watch. */
export interface AlertFiring {
  readonly threshold: Threshold;
  readonly action: 'alert_oncall' | 'notify_channel' | 'recommend_rollback';
  readonly value: number;
}

/** The verdict on one sample: the new progress, what was compared, and what fired. */
export interface SampleVerdict {
  readonly progress: WatchProgress;
  readonly findings: readonly MetricFinding[];
  readonly fired: TriggerFiring | undefined;
  readonly alerts: readonly AlertFiring[];
  /** Required metrics without data in this sample. */
  readonly noData: readonly string[];
  /** True when the set of metrics without data changed with this sample (the thread says so). */
  readonly noDataChanged: boolean;
  /** True when this sample moved the watch clock (it had data, or `no_data: fail`). */
  readonly counted: boolean;
}
