/** The chapter's 5.3 bands of a readiness score. */
export const READINESS_BANDS = ['ready', 'minor_improvements', 'not_ready', 'do_not_deploy'] as const;
/** A readiness band: 90–100 ready, 70–89 ready with minor improvements, 50–69 not ready, < 50 do not deploy. */
export type ReadinessBand = (typeof READINESS_BANDS)[number];

/** One checklist item that did not pass, as a refusal or the approval message lists it. */
export interface ReadinessGap {
  readonly id: string;
  readonly text: string;
  readonly critical: boolean;
  readonly reason: string;
}

/**
 * A readiness assessment as stored on a deploy and shown in its approval message: the weighted score, its band,
 * whether it may go ahead (no failed critical item and at least the environment's minimum), and what failed.
 */
export interface ReadinessSummary {
  readonly score: number;
  readonly band: ReadinessBand;
  readonly ready: boolean;
  /** The environment's `readiness.minimum_score`, when it has one. */
  readonly minimum?: number;
  readonly gaps: readonly ReadinessGap[];
  /** ISO time the checks ran. */
  readonly at: string;
}
