import { setTimeout as sleep } from 'node:timers/promises';

type QueryData =
  | { resultType: 'scalar'; result: [number, string] }
  | { resultType: 'vector'; result: { value: [number, string] }[] };

/** Polling bounds for {@link waitForQuery}. */
export interface WaitOptions {
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
}

/**
 * The value of an instant query that comes to one series or a scalar, straight from Prometheus's HTTP API
 * (independent of the adapter under test); `undefined` for no series, several, NaN, an error or no answer.
 */
export async function queryValue(prometheusUrl: string, query: string): Promise<number | undefined> {
  try {
    const response = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(query)}`, {
      signal: AbortSignal.timeout(2_000),
    });
    const { data } = (await response.json()) as { data?: QueryData };
    let text: string | undefined;
    if (data?.resultType === 'scalar') text = data.result[1];
    else if (data?.resultType === 'vector' && data.result.length === 1) text = data.result[0]?.value[1];
    const value = text === undefined ? Number.NaN : Number(text);
    return Number.isFinite(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Polls `query` until its value satisfies `predicate` — rates need two scrapes or more after a change — and
 * returns that value; rejects with the last value seen once `timeoutMs` (default 15 s) passes.
 */
export async function waitForQuery(
  prometheusUrl: string,
  query: string,
  predicate: (value: number) => boolean,
  { timeoutMs = 15_000, intervalMs = 200 }: WaitOptions = {},
): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  let last: number | undefined;
  for (;;) {
    last = await queryValue(prometheusUrl, query);
    if (last !== undefined && predicate(last)) return last;
    if (performance.now() >= deadline)
      throw new Error(`${query} did not reach the expected value within ${timeoutMs} ms (last: ${last})`);
    await sleep(intervalMs);
  }
}

/**
 * Polls `query` until Prometheus has no value for it (no series, NaN, or an error) — a hidden series goes stale,
 * then ages out of its range windows — and rejects once `timeoutMs` (default 15 s) passes with a value still there.
 */
export async function waitForNoValue(
  prometheusUrl: string,
  query: string,
  { timeoutMs = 15_000, intervalMs = 200 }: WaitOptions = {},
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const last = await queryValue(prometheusUrl, query);
    if (last === undefined) return;
    if (performance.now() >= deadline)
      throw new Error(`${query} still had a value after ${timeoutMs} ms (last: ${last})`);
    await sleep(intervalMs);
  }
}
