/** Why a call to an upstream (Slack, PagerDuty) failed, as `shipgate_upstream_errors_total` counts it. */
export type UpstreamErrorReason = 'timeout' | '5xx' | '429' | 'network';

/** Every reason, in the order /readyz lists them. */
export const UPSTREAM_ERROR_REASONS: readonly UpstreamErrorReason[] = ['timeout', '5xx', '429', 'network'];

/** Told about each failed call to an upstream: which one (`slack`, `pagerduty`) and why. */
export type UpstreamErrorObserver = (upstream: string, reason: UpstreamErrorReason) => void;

/** The reason an HTTP status counts as: 429, a 5xx, or undefined for a status that is no upstream trouble. */
export function reasonForStatus(status: number): UpstreamErrorReason | undefined {
  if (status === 429) return '429';
  return status >= 500 && status <= 599 ? '5xx' : undefined;
}

/**
 * The reason a thrown fetch error counts as: `timeout` when the call's deadline passed (an `AbortSignal.timeout`
 * aborts with a `TimeoutError`), else `network` (refused, reset, DNS, TLS).
 */
export function reasonForThrown(err: unknown): UpstreamErrorReason {
  return isTimeout(err) || isTimeout((err as { cause?: unknown } | null)?.cause) ? 'timeout' : 'network';
}

function isTimeout(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'TimeoutError';
}
