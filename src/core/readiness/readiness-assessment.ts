import type { ItemResult } from './item-result.js';
import type { ReadinessSummary } from './readiness-summary.js';

/** A full readiness assessment of one service version for one environment: every item and the summary. */
export interface ReadinessAssessment {
  readonly service: string;
  readonly version: string;
  readonly env: string;
  /** Every item in checklist order, with its section. */
  readonly items: readonly ItemResult[];
  readonly summary: ReadinessSummary;
  /** Set when there is nothing to assess (no readiness configured, unknown service): the summary is then not ready. */
  readonly problem?: string;
}
