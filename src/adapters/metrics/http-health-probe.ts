import type { HealthProbe, HealthReading } from '../../services/ports/metrics.js';
import { describeFetchFailure } from './describe-fetch-failure.js';
import { type FetchFunction, globalFetch } from './fetch-function.js';

/** For tests or a custom dispatcher: the fetch to send health requests with. */
export interface HttpHealthProbeOptions {
  readonly fetch?: FetchFunction;
}

/**
 * The watch's health check: one GET per sample, no retries (a retry would hide the flakiness the watch is for),
 * redirects not followed (a 302 to a login page is not a healthy service). `ok` when the status is the expected
 * one within the timeout; the duration runs to the status line, and the body is discarded. Never throws.
 */
export class HttpHealthProbe implements HealthProbe {
  private readonly fetch: FetchFunction;

  constructor(options: HttpHealthProbeOptions = {}) {
    this.fetch = options.fetch ?? globalFetch;
  }

  /** Requests `url` once; see the class. */
  async check(url: string, expectStatus: number, timeoutMs: number): Promise<HealthReading> {
    const signal = AbortSignal.timeout(timeoutMs);
    const started = performance.now();
    try {
      const response = await this.fetch(url, { redirect: 'manual', signal });
      const durationMs = Math.round(performance.now() - started);
      response.body?.cancel().catch(() => undefined);
      const ok = response.status === expectStatus;
      const detail = `${response.status} in ${durationMs} ms${ok ? '' : ` (expected ${expectStatus})`}`;
      return { ok, status: response.status, detail, durationMs };
    } catch (error) {
      const durationMs = Math.round(performance.now() - started);
      return {
        ok: false,
        status: undefined,
        detail: describeFetchFailure(error, signal, timeoutMs),
        durationMs,
      };
    }
  }
}
