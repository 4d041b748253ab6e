import { describe, expect, it } from 'vitest';
import {
  PagerDutyError,
  parseRetryAfter,
  retryAfterForStatus,
} from '../../../../src/adapters/pagerduty/pagerduty-error.js';

const NOW = Date.parse('2026-03-02T12:00:00Z');

describe('Retry-After handling', () => {
  it('reads delta-seconds and HTTP dates, falling back when the header is missing or unreadable', () => {
    expect(parseRetryAfter('30', NOW, 5)).toBe(30_000);
    expect(parseRetryAfter('1.5', NOW, 5)).toBe(1500);
    expect(parseRetryAfter('Mon, 02 Mar 2026 12:01:00 GMT', NOW, 5)).toBe(60_000);
    expect(parseRetryAfter('Mon, 02 Mar 2026 11:00:00 GMT', NOW, 5)).toBe(0);
    expect(parseRetryAfter(null, NOW, 5)).toBe(5);
    expect(parseRetryAfter('soon', NOW, 5)).toBe(5);
  });

  it('makes 429 and 5xx retryable and other statuses final', () => {
    expect(retryAfterForStatus(429, null, NOW)).toBe(60_000);
    expect(retryAfterForStatus(503, '2', NOW)).toBe(2000);
    expect(retryAfterForStatus(400, '2', NOW)).toBeUndefined();
    expect(retryAfterForStatus(404, null, NOW)).toBeUndefined();
  });

  it('exposes retryable from retryAfterMs', () => {
    expect(new PagerDutyError('x', { api: 'rest', status: 500, retryAfterMs: 1 }).retryable).toBe(true);
    expect(new PagerDutyError('x', { api: 'rest', status: 401 }).retryable).toBe(false);
  });
});
