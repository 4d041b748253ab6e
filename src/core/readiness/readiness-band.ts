import type { ReadinessBand } from './readiness-summary.js';

/** The 5.2 band of a score: 90–100 ready, 70–89 minor improvements, 50–69 not ready, below 50 do not deploy. */
export function readinessBand(score: number): ReadinessBand {
  if (score >= 90) return 'ready';
  if (score >= 70) return 'minor_improvements';
  if (score >= 50) return 'not_ready';
  return 'do_not_deploy';
}

/** How each band reads to people (the chapter's words). */
export const BAND_WORDS: Readonly<Record<ReadinessBand, string>> = {
  ready: 'Ready for production deploy',
  minor_improvements: 'Ready with minor improvements',
  not_ready: 'Not ready, address gaps',
  do_not_deploy: 'Do not deploy, significant work needed',
};
