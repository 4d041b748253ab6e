import type { Counter } from 'prom-client';
import {
  UPSTREAM_ERROR_REASONS,
  type UpstreamErrorObserver,
  type UpstreamErrorReason,
} from './core/upstream-error.js';

/** How far back /readyz looks for upstream errors. */
export const UPSTREAM_WINDOW_MS = 5 * 60_000;
/** The most errors kept per upstream and reason (enough to count a window's worth of trouble). */
const KEPT = 1000;

const NOUNS: Readonly<Record<UpstreamErrorReason, [string, string]>> = {
  timeout: ['timeout', 'timeouts'],
  '5xx': ['5xx answer', '5xx answers'],
  '429': ['429 answer', '429 answers'],
  network: ['network error', 'network errors'],
};

/**
 * Upstream trouble seen by this process: each failed call to Slack or PagerDuty is counted in
 * `shipgate_upstream_errors_total{upstream,reason}` and kept for a while, so /readyz can say what went wrong lately
 * (as detail: a slow or failing upstream is not this process being unready). Times are `performance.now()`.
 */
export class UpstreamHealth {
  private readonly seen = new Map<string, number[]>();

  constructor(
    private readonly counter?: Counter<'upstream' | 'reason'>,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Records one failed call; pass it where an {@link UpstreamErrorObserver} is wanted. */
  readonly record: UpstreamErrorObserver = (upstream, reason) => {
    this.counter?.inc({ upstream, reason });
    const key = `${upstream}\u0000${reason}`;
    const times = this.seen.get(key) ?? [];
    times.push(this.now());
    if (times.length > KEPT) times.shift();
    this.seen.set(key, times);
  };

  /** Failed calls to `upstream` for `reason` within the last `windowMs`. */
  count(upstream: string, reason: UpstreamErrorReason, windowMs = UPSTREAM_WINDOW_MS): number {
    const since = this.now() - windowMs;
    return (this.seen.get(`${upstream}\u0000${reason}`) ?? []).filter((at) => at >= since).length;
  }

  /** `slack: 3 timeouts, 1 5xx answer in the last 5 min`, one part per upstream; undefined when all is quiet. */
  summary(): string | undefined {
    const upstreams = [
      ...new Set([...this.seen.keys()].map((key) => key.split('\u0000')[0] as string)),
    ].sort();
    const parts: string[] = [];
    for (const upstream of upstreams) {
      const counts = UPSTREAM_ERROR_REASONS.map((reason) => [reason, this.count(upstream, reason)] as const)
        .filter(([, n]) => n > 0)
        .map(([reason, n]) => `${n} ${NOUNS[reason][n === 1 ? 0 : 1]}`);
      if (counts.length > 0) parts.push(`${upstream}: ${counts.join(', ')} in the last 5 min`);
    }
    return parts.length > 0 ? parts.join('; ') : undefined;
  }
}
