import { describe, expect, it } from 'vitest';
import {
  NETWORK_RETRY,
  PagerDutyError,
  parseRetryAfter,
  RATE_LIMIT_WAIT_MS,
  retryAdviceForStatus,
} from '../../../../src/adapters/pagerduty/pagerduty-error.js';

const NOW = Date.parse('2026-03-02T12:00:00Z');

describe('Retry-After handling', () => {
  it('reads delta-seconds and HTTP dates, and nothing from a missing or unreadable header', () => {
    expect(parseRetryAfter('30', NOW)).toBe(30_000);
    expect(parseRetryAfter('1.5', NOW)).toBe(1500);
    expect(parseRetryAfter('Mon, 02 Mar 2026 12:01:00 GMT', NOW)).toBe(60_000);
    expect(parseRetryAfter('Mon, 02 Mar 2026 11:00:00 GMT', NOW)).toBe(0);
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
  });

  it('leaves the wait after a 5xx without Retry-After to the caller’s backoff', () => {
    for (const status of [500, 502, 503, 504]) {
      expect(retryAdviceForStatus(status, null, NOW)).toEqual({ retryable: true, retryAfterMs: undefined });
    }
    expect(retryAdviceForStatus(503, 'soon', NOW)).toEqual({ retryable: true, retryAfterMs: undefined });
  });

  it('honours a Retry-After sent with a 5xx or a 429', () => {
    expect(retryAdviceForStatus(503, '2', NOW)).toEqual({ retryable: true, retryAfterMs: 2000 });
    expect(retryAdviceForStatus(429, '12', NOW)).toEqual({ retryable: true, retryAfterMs: 12_000 });
  });

  it('waits a minute after a 429 without Retry-After', () => {
    expect(RATE_LIMIT_WAIT_MS).toBe(60_000);
    expect(retryAdviceForStatus(429, null, NOW)).toEqual({ retryable: true, retryAfterMs: 60_000 });
  });

  it('makes other statuses final, whatever Retry-After says', () => {
    expect(retryAdviceForStatus(400, '2', NOW)).toEqual({ retryable: false, retryAfterMs: undefined });
    expect(retryAdviceForStatus(401, null, NOW)).toEqual({ retryable: false, retryAfterMs: undefined });
    expect(retryAdviceForStatus(404, null, NOW)).toEqual({ retryable: false, retryAfterMs: undefined });
  });
});

describe('PagerDutyError', () => {
  it('is retryable without a wait after a network failure', () => {
    const err = new PagerDutyError('x', { api: 'events', ...NETWORK_RETRY });
    expect(err).toMatchObject({ retryable: true, retryAfterMs: undefined, status: undefined });
  });

  it('is retryable when told so or when it carries a wait, and final otherwise', () => {
    expect(new PagerDutyError('x', { api: 'rest', status: 503, retryable: true }).retryable).toBe(true);
    expect(new PagerDutyError('x', { api: 'rest', status: 500, retryAfterMs: 1 }).retryable).toBe(true);
    expect(new PagerDutyError('x', { api: 'rest', status: 401 }).retryable).toBe(false);
  });
});
