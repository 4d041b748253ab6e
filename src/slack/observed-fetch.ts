import type { WebClientOptions } from '@slack/web-api';
import { reasonForStatus, reasonForThrown, type UpstreamErrorObserver } from '../core/upstream-error.js';

/** The fetch the Web API client calls. */
type FetchFunction = NonNullable<WebClientOptions['fetch']>;

/**
 * The global fetch, with each failed Web API request reported to `observe` as upstream `slack`: a timeout or
 * network failure when it throws, a 429 or 5xx when Slack answers one. Every try of the client's own retries counts.
 */
export function observedFetch(observe: UpstreamErrorObserver): FetchFunction {
  return async (url, init) => {
    let response: Awaited<ReturnType<FetchFunction>>;
    try {
      response = await globalThis.fetch(url, init);
    } catch (err) {
      observe('slack', reasonForThrown(err));
      throw err;
    }
    const reason = reasonForStatus(response.status);
    if (reason) observe('slack', reason);
    return response;
  };
}
