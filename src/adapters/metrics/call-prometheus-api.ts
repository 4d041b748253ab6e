import { z } from 'zod';
import { describeFetchFailure } from './describe-fetch-failure.js';
import type { FetchFunction } from './fetch-function.js';

/** Longest piece of a non-Prometheus body a reason quotes. */
const BODY_CHARS = 80;

const envelope = z.union([
  z.object({ status: z.literal('success'), data: z.unknown() }),
  z.object({
    status: z.literal('error'),
    errorType: z.string().default('error'),
    error: z.string().default(''),
  }),
]);

/**
 * What one Prometheus HTTP API call came to: the `data` of a success; a Prometheus error (`bad_data` for a query
 * that does not parse, `execution`, `timeout`…) with its message; or no Prometheus answer at all (a network error,
 * the timeout, an HTTP error without Prometheus's JSON, a body that is not its JSON) and why, in one line.
 */
export type PrometheusAnswer =
  | { readonly kind: 'success'; readonly data: unknown }
  | { readonly kind: 'error'; readonly status: number; readonly errorType: string; readonly error: string }
  | { readonly kind: 'unanswered'; readonly status: number | undefined; readonly reason: string };

/** Where one call goes and how long it may take. */
export interface PrometheusCall {
  readonly baseUrl: string;
  readonly path: string;
  readonly query: string;
  readonly timeoutMs: number;
  readonly fetch: FetchFunction;
}

/** The start of a body that is not Prometheus JSON, on one line. */
function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat === '') return 'an empty body';
  return `"${flat.length > BODY_CHARS ? `${flat.slice(0, BODY_CHARS)}…` : flat}"`;
}

/** Reads a body as Prometheus's JSON envelope, or undefined when it is not one. */
function parseEnvelope(text: string): z.output<typeof envelope> | undefined {
  try {
    const parsed = envelope.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * GETs `${baseUrl}${path}?query=…` once, within `timeoutMs` for the whole exchange (the body included), and
 * sorts the answer into a {@link PrometheusAnswer}. Never throws.
 */
export async function callPrometheusApi(call: PrometheusCall): Promise<PrometheusAnswer> {
  const signal = AbortSignal.timeout(call.timeoutMs);
  const url = `${call.baseUrl.replace(/\/+$/, '')}${call.path}?query=${encodeURIComponent(call.query)}`;
  let status: number;
  let text: string;
  try {
    const response = await call.fetch(url, { headers: { accept: 'application/json' }, signal });
    status = response.status;
    text = await response.text();
  } catch (error) {
    return {
      kind: 'unanswered',
      status: undefined,
      reason: describeFetchFailure(error, signal, call.timeoutMs),
    };
  }
  const body = parseEnvelope(text);
  if (body?.status === 'error')
    return {
      kind: 'error',
      status,
      errorType: body.errorType,
      error: body.error.replace(/\s+/g, ' ').trim(),
    };
  if (status < 200 || status >= 300)
    return { kind: 'unanswered', status, reason: `HTTP ${status} from Prometheus: ${excerpt(text)}` };
  if (body === undefined)
    return { kind: 'unanswered', status, reason: `not a Prometheus API answer: ${excerpt(text)}` };
  return { kind: 'success', data: body.data };
}
