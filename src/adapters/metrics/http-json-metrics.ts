import { fillWatchQuery, type WatchPlaceholders } from '../../core/watch/fill-watch-query.js';
import { readJsonField } from '../../core/watch/json-field-path.js';
import type { MetricReading, MetricsSource } from '../../services/ports/metrics.js';
import { describeFetchFailure } from './describe-fetch-failure.js';
import { type FetchFunction, globalFetch } from './fetch-function.js';

/** Where the service reports its own rates (`metrics.http_json`) and, for tests, the fetch to call it with. */
export interface HttpJsonMetricsOptions {
  /** A URL template: `{service} {env} {version} {track} {color}` are filled per track. */
  readonly url: string;
  readonly timeoutMs: number;
  readonly fetch?: FetchFunction;
}

/** Longest piece of a body a reason quotes. */
const BODY_CHARS = 80;

/** A GET of the metrics URL: its parsed JSON, or why there is none. */
type JsonAnswer =
  | { readonly ok: true; readonly body: unknown }
  | { readonly ok: false; readonly reason: string };

/** The start of a body on one line. */
function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat === '') return 'an empty body';
  return `"${flat.length > BODY_CHARS ? `${flat.slice(0, BODY_CHARS)}…` : flat}"`;
}

/** Placeholders for a reading asked without a track: empty, so the URL shows what is missing. */
const NO_TRACK: WatchPlaceholders = { service: '', env: '', version: '', track: '', color: '' };

/**
 * The watch's metrics from the service itself: each track's URL answers a JSON object with its own rates (e.g.
 * `{"error_rate": 0.002, "latency": {"p99": 0.12}}`) and each watch query is a field path into it (`error_rate`,
 * `latency.p99`). The readings of one sample share one GET per URL. A missing field, null, a non-number, an HTTP
 * error, a body that is not JSON, a timeout or an unreachable server is no data with a one-line reason (naming no
 * URL, so a token in it never reaches the thread) — never a value, never a throw. It cannot average over a window,
 * so the baseline is the stable track's value when the watch starts (the endpoint's own window).
 */
export class HttpJsonMetrics implements MetricsSource {
  readonly subqueries = false;
  private readonly fetch: FetchFunction;
  private readonly inFlight = new Map<string, Promise<JsonAnswer>>();

  constructor(private readonly options: HttpJsonMetricsOptions) {
    this.fetch = options.fetch ?? globalFetch;
  }

  /** Reads the field path `query` from the JSON of `track`'s URL. */
  async instant(query: string, track: WatchPlaceholders = NO_TRACK): Promise<MetricReading> {
    const answer = await this.get(fillWatchQuery(this.options.url, track));
    return answer.ok ? readJsonField(answer.body, query) : answer;
  }

  /** One GET per URL at a time: readings asked while it runs share it. */
  private get(url: string): Promise<JsonAnswer> {
    const running = this.inFlight.get(url);
    if (running) return running;
    const request = this.request(url).finally(() => this.inFlight.delete(url));
    this.inFlight.set(url, request);
    return request;
  }

  private async request(url: string): Promise<JsonAnswer> {
    const { timeoutMs } = this.options;
    const signal = AbortSignal.timeout(timeoutMs);
    let status: number;
    let text: string;
    try {
      const response = await this.fetch(url, { headers: { accept: 'application/json' }, signal });
      status = response.status;
      text = await response.text();
    } catch (error) {
      return { ok: false, reason: describeFetchFailure(error, signal, timeoutMs) };
    }
    if (status < 200 || status >= 300)
      return { ok: false, reason: `HTTP ${status} from the metrics endpoint: ${excerpt(text)}` };
    try {
      return { ok: true, body: JSON.parse(text) };
    } catch {
      return { ok: false, reason: `the metrics endpoint's answer is not JSON: ${excerpt(text)}` };
    }
  }
}
