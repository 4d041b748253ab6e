import { callPrometheusApi } from './call-prometheus-api.js';
import { type FetchFunction, globalFetch } from './fetch-function.js';
import { promqlErrorText } from './promql-error-text.js';

/**
 * Whether Prometheus parses a query: `ok`, or not `ok` with `kind: 'invalid'` (Prometheus refused the query, the
 * problem is its parse error) or `kind: 'unchecked'` (Prometheus could not be asked — unreachable, timed out, not
 * Prometheus — so nothing is known about the query). `if (!check.ok)` catches both; only `invalid` is the query's
 * fault.
 */
export type QueryCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly kind: 'invalid' | 'unchecked'; readonly problem: string };

/**
 * Asks a live Prometheus whether `query` parses, for `config check`. Uses `/api/v1/parse_query` where the server
 * has it and otherwise (Prometheus 2.42, as Debian 12 ships it, answers 404) runs the query as an instant query,
 * where `bad_data` is a parse or type error and any other outcome means it parsed. Never throws.
 */
export async function checkQueryWithPrometheus(
  url: string,
  query: string,
  timeoutMs: number,
  fetch: FetchFunction = globalFetch,
): Promise<QueryCheck> {
  const call = { baseUrl: url, query, timeoutMs, fetch };
  let answer = await callPrometheusApi({ ...call, path: '/api/v1/parse_query' });
  if (answer.kind === 'unanswered' && answer.status === 404)
    answer = await callPrometheusApi({ ...call, path: '/api/v1/query' });
  switch (answer.kind) {
    case 'success':
      return { ok: true };
    case 'error':
      return answer.errorType === 'bad_data'
        ? { ok: false, kind: 'invalid', problem: promqlErrorText(answer.error) }
        : { ok: true };
    case 'unanswered':
      return { ok: false, kind: 'unchecked', problem: `could not ask Prometheus: ${answer.reason}` };
  }
}
