import type { OnCallDirectory } from '../../core/deploys/deploy-ports.js';
import {
  reasonForStatus,
  reasonForThrown,
  type UpstreamErrorObserver,
  type UpstreamErrorReason,
} from '../../core/upstream-error.js';
import type { IncidentPager } from '../../services/ports/pager.js';
import { PagerDutyError } from './pagerduty-error.js';

/** The name PagerDuty's failures are counted under. */
const UPSTREAM = 'pagerduty';

/**
 * Why a failed PagerDuty call counts as upstream trouble: its 429 or 5xx, or a timeout or network failure when
 * PagerDuty was not reached; undefined for anything else (a 4xx, missing configuration, another error).
 */
export function pagerDutyUpstreamReason(err: unknown): UpstreamErrorReason | undefined {
  if (!(err instanceof PagerDutyError)) return undefined;
  if (err.status !== undefined) return reasonForStatus(err.status);
  if (!err.retryable) return undefined;
  const cause = err.cause as { name?: unknown } | undefined;
  return cause?.name === 'AbortError' ? 'timeout' : reasonForThrown(cause);
}

/** Passes every failed call's upstream reason (if any) to `observe`, then rethrows. */
function observed<T>(call: Promise<T>, observe: UpstreamErrorObserver): Promise<T> {
  return call.catch((err: unknown) => {
    const reason = pagerDutyUpstreamReason(err);
    if (reason) observe(UPSTREAM, reason);
    throw err;
  });
}

/** The pager, with each PagerDuty failure reported to `observe` (for the metric and /readyz). */
export function observedPager(pager: IncidentPager, observe: UpstreamErrorObserver): IncidentPager {
  return {
    trigger: (alert) => observed(pager.trigger(alert), observe),
    acknowledge: (dedupKey) => observed(pager.acknowledge(dedupKey), observe),
    resolve: (dedupKey) => observed(pager.resolve(dedupKey), observe),
  };
}

/** The on-call directory, with each PagerDuty failure reported to `observe`. */
export function observedOnCall(directory: OnCallDirectory, observe: UpstreamErrorObserver): OnCallDirectory {
  return { onCallNow: (target, at) => observed(directory.onCallNow(target, at), observe) };
}
